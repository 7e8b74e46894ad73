package dev.galactic.controller;

import dev.galactic.controller.loop.ControlLoop;
import dev.galactic.controller.loop.LoopInput;
import dev.galactic.controller.store.ResourceStore;
import dev.galactic.core.model.Caller;
import dev.galactic.core.model.Change;
import dev.galactic.core.model.ChangePlanner;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LabelSelector;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.model.ValidationConfig;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The intent side of the controller: plans batches against the current image, commits them to
 * the store in one transaction, and hands the new image to the control loop. Writes are
 * serialised; reads see an immutable image and never wait. An apply returns once the loop's
 * publishers have seen its batch (SIDs allocated, paths recomputing), so a client reads what its
 * change caused; the publishers run on the loop's thread, outside the write lock.
 */
public final class ResourceService {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResourceService.class);

    /** A batch that was refused as a whole; nothing of it was stored. */
    public static final class Rejected extends RuntimeException {
        private final ChangePlanner.Plan plan;

        public Rejected(ChangePlanner.Plan plan) {
            super(plan.errors().size() + " problem(s) in the batch");
            this.plan = plan;
        }

        public ChangePlanner.Plan plan() { return plan; }
    }

    /** What an apply did (or, in a dry run, would do). */
    public record Applied(boolean dryRun, List<Change> changes, long revision) {
    }

    private final ResourceStore store;
    private final Clock clock;
    private final ValidationConfig validation;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile ResourceImage image;
    private volatile ControlLoop loop;

    /** @param validation the configuration resources are judged by (the SID layout the controller allocates from, ...) */
    public ResourceService(ResourceStore store, Clock clock, ValidationConfig validation) {
        this.store = store;
        this.clock = clock;
        this.validation = validation;
        this.image = store.load();
    }

    public ResourceImage image() { return image; }

    /** Where committed batches go from now on (set once, at start-up, before the API serves). */
    public void publishTo(ControlLoop loop) { this.loop = loop; }

    public Applied apply(List<ChangePlanner.Op> ops, Caller caller, String actor, boolean dryRun) {
        java.util.concurrent.CompletableFuture<Void> published;
        Applied applied;
        writeLock.lock();
        try {
            ResourceImage before = image;
            ChangePlanner.Plan plan = ChangePlanner.plan(before, ops, caller, validation);
            if (!plan.ok()) throw new Rejected(plan);
            if (dryRun || !plan.changesAnything()) return new Applied(dryRun, plan.changes(), store.revision());
            List<Change> committed;
            try {
                committed = store.commit(plan.changes(), actor, clock.instant());
            } catch (ResourceStore.ConcurrentChangeException e) {
                // another writer got in first: our image is stale, so reload before the caller retries
                image = store.load();
                throw e;
            }
            List<Resource> puts = new ArrayList<>();
            List<ResourceKey> removed = new ArrayList<>();
            for (Change c : committed) {
                if (c.action() == Change.Action.DELETED) removed.add(c.key());
                else if (c.action() != Change.Action.UNCHANGED) puts.add(c.after());
            }
            ResourceImage after = before.apply(puts, removed);
            image = after;
            applied = new Applied(false, committed, store.revision());
            // queued under the lock, so the loop sees batches in commit order; handled outside it
            ControlLoop l = loop;
            published = l == null ? null : l.submit(new LoopInput.IntentCommitted(applied.revision(), before, after, committed));
        } finally {
            writeLock.unlock();
        }
        if (published != null) ControlLoop.await(published, PUBLISHED_WITHIN, applied.revision());
        return applied;
    }

    /** How long an apply waits for the loop before it answers anyway (the change is committed either way). */
    static final java.time.Duration PUBLISHED_WITHIN = java.time.Duration.ofSeconds(30);

    public Optional<Resource> get(ResourceKey key, Caller caller) {
        return image.get(key).filter(caller::canRead);
    }

    public List<Resource> list(Kind kind, String tenant, LabelSelector selector, Caller caller) {
        return image.list(kind).stream()
                .filter(caller::canRead)
                .filter(r -> tenant == null || tenant.equals(r.tenant()) || (kind == Kind.TENANT && tenant.equals(r.name())))
                .filter(r -> selector.matches(r.metadata().labels()))
                .toList();
    }
}

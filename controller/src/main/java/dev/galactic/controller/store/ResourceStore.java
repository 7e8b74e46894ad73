package dev.galactic.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.galactic.core.model.Change;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ObjectMeta;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.ResourceKey;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Durable resources: each planned batch is committed in one database transaction, with a
 * compare-and-set on every row's resourceVersion so that a writer racing past the planner
 * (another replica, say) fails the whole batch instead of overwriting.
 */
public final class ResourceStore {

    /** The batch lost a race with another writer; nothing of it was stored. */
    public static final class ConcurrentChangeException extends RuntimeException {
        public ConcurrentChangeException(String message) {
            super(message);
        }
    }

    private final Jdbi jdbi;

    public ResourceStore(Database db) {
        this.jdbi = db.jdbi();
    }

    public ResourceImage load() {
        List<Resource> all = jdbi.withHandle(h -> h.createQuery("SELECT document FROM resources")
                .map((rs, ctx) -> parse(rs.getString(1))).list());
        return ResourceImage.of(all);
    }

    public long revision() {
        return jdbi.withHandle(h -> h.createQuery("SELECT value FROM revision WHERE id = 1").mapTo(Long.class).one());
    }

    /**
     * Commits the changes (unchanged ones are skipped) and returns them as stored, with their
     * new resourceVersion, generation and timestamps.
     */
    public List<Change> commit(List<Change> changes, String actor, Instant now) {
        return jdbi.inTransaction(h -> {
            List<Change> out = new ArrayList<>();
            for (Change c : changes) {
                if (c.action() == Change.Action.UNCHANGED) {
                    out.add(c);
                    continue;
                }
                long rev = h.createQuery("UPDATE revision SET value = value + 1 WHERE id = 1 RETURNING value")
                        .mapTo(Long.class).one();
                ResourceKey k = c.key();
                String tenant = k.tenant() == null ? "" : k.tenant();
                switch (c.action()) {
                    case CREATED -> {
                        Resource stored = stamp(c.after(), rev, 1, now, now);
                        int n = h.createUpdate("""
                                INSERT INTO resources (kind, tenant, name, resource_version, generation, document, created_at, updated_at)
                                SELECT :kind, :tenant, :name, :rv, 1, :doc, :now, :now
                                WHERE NOT EXISTS (SELECT 1 FROM resources WHERE kind = :kind AND tenant = :tenant AND name = :name)""")
                                .bind("kind", k.kind().name()).bind("tenant", tenant).bind("name", k.name())
                                .bind("rv", rev).bind("doc", write(stored)).bind("now", now.toString()).execute();
                        if (n != 1) throw new ConcurrentChangeException(k + " was created by someone else meanwhile");
                        out.add(new Change(k, c.action(), null, stored, c.diff()));
                    }
                    case CONFIGURED -> {
                        ObjectMeta before = c.before().metadata();
                        boolean specChanged = !c.before().spec().equals(c.after().spec());
                        long gen = before.generation() + (specChanged ? 1 : 0);
                        Resource stored = stamp(c.after(), rev, gen, before.createdAt(), now).withStatus(c.before().status());
                        int n = h.createUpdate("""
                                UPDATE resources SET resource_version = :rv, generation = :gen, document = :doc, updated_at = :now
                                WHERE kind = :kind AND tenant = :tenant AND name = :name AND resource_version = :expected""")
                                .bind("kind", k.kind().name()).bind("tenant", tenant).bind("name", k.name())
                                .bind("rv", rev).bind("gen", gen).bind("doc", write(stored)).bind("now", now.toString())
                                .bind("expected", before.resourceVersion()).execute();
                        if (n != 1) throw new ConcurrentChangeException(k + " was changed by someone else meanwhile");
                        out.add(new Change(k, c.action(), c.before(), stored, c.diff()));
                    }
                    case DELETED -> {
                        int n = h.createUpdate("DELETE FROM resources WHERE kind = :kind AND tenant = :tenant AND name = :name AND resource_version = :expected")
                                .bind("kind", k.kind().name()).bind("tenant", tenant).bind("name", k.name())
                                .bind("expected", c.before().metadata().resourceVersion()).execute();
                        if (n != 1) throw new ConcurrentChangeException(k + " was changed or deleted by someone else meanwhile");
                        TokenStore.revokeOwnedBy(h, k);
                        out.add(c);
                    }
                    case UNCHANGED -> throw new AssertionError();
                }
                log(h, rev, k, c.action(), actor, now);
            }
            return List.copyOf(out);
        });
    }

    private static void log(Handle h, long rev, ResourceKey k, Change.Action action, String actor, Instant now) {
        h.createUpdate("INSERT INTO change_log (revision, kind, tenant, name, action, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .bind(0, rev).bind(1, k.kind().name()).bind(2, k.tenant() == null ? "" : k.tenant()).bind(3, k.name())
                .bind(4, action.name()).bind(5, actor).bind(6, now.toString()).execute();
    }

    private static Resource stamp(Resource r, long rv, long gen, Instant created, Instant updated) {
        return r.withMetadata(r.metadata().withBookkeeping(rv, gen, created, updated));
    }

    private static String write(Resource r) {
        try {
            return ResourceCodec.json().writeValueAsString(ResourceCodec.toTree(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Resource parse(String doc) {
        try {
            return ResourceCodec.fromTree(ResourceCodec.json().readTree(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt resource row: " + e.getMessage(), e);
        }
    }

    /** Number of resources of a kind, for metrics and tests. */
    public int count(Kind kind) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM resources WHERE kind = ?").bind(0, kind.name()).mapTo(Integer.class).one());
    }
}

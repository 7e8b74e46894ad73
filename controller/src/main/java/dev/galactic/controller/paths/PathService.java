package dev.galactic.controller.paths;

import dev.galactic.controller.events.EventBody;
import dev.galactic.controller.events.EventHub;
import dev.galactic.controller.events.PathCause;
import dev.galactic.controller.loop.Publisher;
import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.image.NetworkImage;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.pce.Freshness;
import dev.galactic.core.pce.LinkReading;
import dev.galactic.core.pce.Network;
import dev.galactic.core.pce.PathGovernor;
import dev.galactic.core.pce.DemandKey;
import dev.galactic.core.pce.PathResult;
import dev.galactic.core.pce.Pce;
import dev.galactic.core.pce.TenantIntent;
import dev.galactic.core.render.TenantPath;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The control loop's path publisher: the PCE over the image's intent and measured link states,
 * recomputed in full when the intent changes and incrementally on link events; the
 * {@link PathGovernor} decides which computed paths replace the ones in force (a broken path is
 * left at once, a merely better one waits for the hold-down); the paths go to the renderer with
 * the image they were computed on, and moves and held-down moves become events; the SLA
 * publisher holds them to their classes. It runs on the loop's thread only, so the PCE's state
 * needs no locks.
 */
public final class PathService implements Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(PathService.class);

    /** How long after a failed full computation the next is tried, when no new intent asks for one sooner. */
    private static final long RETRY_NANOS = 1_000_000_000L;

    private final EventHub events;
    private final Clock clock;
    private java.util.function.Consumer<java.time.Instant> waker = at -> { };
    /** A full computation is owed: none yet, or the incremental one failed. */
    private boolean fullOwed = true;
    private long retryAtNanos = Long.MIN_VALUE;
    private Pce pce;
    private final PathGovernor governor;
    /** Each VPC's intent, for the governor to hold a programmed path to its class. */
    private Map<dev.galactic.core.model.ResourceKey, TenantIntent> intents = Map.of();
    /** The Nodes and Links the last full computation saw. */
    private List<Object> backbone = List.of();
    private final Map<DemandKey, PathResult> programmed = new HashMap<>();
    /** The candidate last reported as held down, per demand: one event per held-down candidate, not one per link event. */
    private final Map<DemandKey, List<String>> suppressed = new HashMap<>();
    private long wakeAtNanos = Long.MAX_VALUE;
    /** The results in force, for this step's later publishers; the API sees them once {@link #expose}d. */
    private List<PathResult> programmedResults = List.of();
    /** The paths in force as the renderer takes them. */
    private List<TenantPath> tenantPaths = List.of();
    private Map<dev.galactic.core.model.ResourceKey, Long> programmedFor = Map.of();
    private volatile List<PathResult> results = List.of();
    /** Each VPC's generation the current results were computed for. */
    private volatile Map<dev.galactic.core.model.ResourceKey, Long> computedFor = Map.of();

    public PathService(EventHub events, Clock clock, PathGovernor.Config routing) {
        this.governor = new PathGovernor(routing);
        this.events = events;
        this.clock = clock;
    }

    /** How the publisher asks for a tick at a time of its own (the end of a hold-down): the loop's {@code tickAt}. */
    public void wakeWith(java.util.function.Consumer<java.time.Instant> waker) { this.waker = waker; }

    @Override
    public String name() { return "paths"; }

    @Override
    public void publish(NetworkDelta delta, NetworkImage image) {
        long now = dev.galactic.core.telemetry.EpochNanos.of(clock.instant());
        if (delta.intent() != null || (fullOwed && now >= retryAtNanos)) {
            recompute(image, now);
        } else if (delta.linkEvents()) {
            linkChanged(delta.links(), image);
        }
        if (delta.tick() != null && now >= wakeAtNanos) {
            wakeAtNanos = Long.MAX_VALUE;
            if (pce != null) publish(pce.results(), new PathCause.HoldDownEnded(), image);
        }
    }

    /** The current results, one per VPC, class and ordered site pair, as the API shows them. */
    public List<PathResult> results() { return results; }

    /** The paths in force, for the renderer (on the loop's thread). */
    public List<TenantPath> tenantPaths() { return tenantPaths; }

    /** The results in force, for the SLA publisher (on the loop's thread); a new list exactly when they changed. */
    public List<PathResult> programmed() { return programmedResults; }

    /**
     * Shows the paths in force to the API. The loop's status publisher calls it after the render
     * publisher: a client that sees a new path and then every node in sync knows that the data
     * plane follows it.
     */
    public void expose() {
        results = programmedResults;
        computedFor = programmedFor;
    }

    /** The VPC's generation its current paths were computed for; null before the first computation that saw it. */
    public Long computedGeneration(dev.galactic.core.model.ResourceKey vpc) { return computedFor.get(vpc); }

    private void recompute(NetworkImage net, long now) {
        try {
            ResourceImage image = net.intent();
            List<TenantIntent> intents = new ArrayList<>();
            Map<dev.galactic.core.model.ResourceKey, TenantIntent> byVpc = new HashMap<>();
            for (Resource vpc : image.list(Kind.VPC)) {
                TenantIntent t = TenantIntent.of(vpc, image.list(Kind.ATTACHMENT, vpc.tenant()), image.list(Kind.TRAFFIC_CLASS, vpc.tenant()));
                intents.add(t);
                byVpc.put(new dev.galactic.core.model.ResourceKey(Kind.VPC, t.tenant(), t.vpc()), t);
            }
            Network network = Network.build(image.list(Kind.NODE), image.list(Kind.LINK), pceStates(image, net.links()), Freshness.IGNORE);
            pce = Pce.compute(network, intents);
            // what the tenant asks for applies at once: a changed VPC (or a changed backbone, which
            // may move nodes out of a geo-fence) takes its computed paths without hysteresis
            List<Object> backbone = new ArrayList<>();
            image.list(Kind.NODE).forEach(n -> backbone.add(n.name() + "=" + n.spec()));
            image.list(Kind.LINK).forEach(l -> backbone.add(l.name() + "=" + l.spec()));
            if (!backbone.equals(this.backbone)) {
                governor.forget(d -> true);
            } else {
                byVpc.forEach((k, t) -> { if (!t.equals(this.intents.get(k))) governor.forget(d -> d.vpcKey().equals(k)); });
            }
            this.backbone = backbone;
            this.intents = byVpc;
            fullOwed = false;
            publish(pce.results(), new PathCause.IntentChanged(net.revision()), net);
            Map<dev.galactic.core.model.ResourceKey, Long> generations = new HashMap<>();
            for (Resource vpc : image.list(Kind.VPC)) generations.put(vpc.key(), vpc.metadata().generation() == null ? 0 : vpc.metadata().generation());
            programmedFor = Map.copyOf(generations);
        } catch (RuntimeException e) {
            fullOwed = true;
            retryAtNanos = now + RETRY_NANOS;
            LOG.error("path computation failed; the paths in force stay", e);
        }
    }

    private void linkChanged(NetworkDelta.LinksDelta links, NetworkImage image) {
        List<dev.galactic.core.telemetry.LinkEvent> evs = links.events();
        if (pce == null) return;
        long start = System.nanoTime();
        try {
            List<PathResult> changed = new ArrayList<>();
            dev.galactic.core.telemetry.LinkEvent first = null;
            Map<LinkId, LinkState> measured = image.links();
            for (var e : evs) {
                LinkState s = e.state();
                // never measured: the PCE keeps the Link's inventory facts
                if (!s.measured() || pce.network().findLink(null, s.link().from(), s.link().to()).isEmpty()) continue;
                changed.addAll(pce.update(LinkReading.of(s), Freshness.IGNORE));
                // the reverse direction follows when it borrows this one's figures
                LinkId back = e.link().reversed();
                if (LinkState.borrows(measured, back) && pce.network().findLink(null, s.link().to(), s.link().from()).isPresent()) {
                    changed.addAll(pce.update(LinkReading.of(s.as(back)), Freshness.IGNORE));
                }
                if (first == null) first = e;
            }
            if (!changed.isEmpty()) {
                long computed = System.nanoTime();
                PathCause why = new PathCause.LinkChanged(first, links.eventSeqs().getOrDefault(first.link(), 0L), evs.size() - 1);
                publish(pce.results(), why, image);
                LOG.info("{}: {} results recomputed in {} ms, published in {} ms", why.reason(), changed.size(),
                        (computed - start) / 1_000_000, (System.nanoTime() - computed) / 1_000_000);
            }
        } catch (RuntimeException e) {
            LOG.error("incremental path computation failed; recomputing in full on the next step", e);
            fullOwed = true;
            retryAtNanos = Long.MIN_VALUE;
        }
    }

    /** The measured states of the inventory's links (an unmeasured direction borrows its reverse). */
    private static List<LinkReading> pceStates(ResourceImage image, Map<LinkId, LinkState> measured) {
        // cores probe every other core; the PCE routes over the inventory's links only
        // (probes measure node pairs, so parallel links between one pair keep their inventory facts)
        Map<LinkId, Integer> inventory = new HashMap<>();
        for (Resource l : image.list(Kind.LINK)) {
            var spec = l.spec(dev.galactic.core.model.LinkSpec.class);
            inventory.merge(LinkId.of(spec.a(), spec.b()), 1, Integer::sum);
            inventory.merge(LinkId.of(spec.b(), spec.a()), 1, Integer::sum);
        }
        List<LinkReading> out = new ArrayList<>();
        for (LinkId id : new java.util.TreeSet<>(inventory.keySet())) {
            // null when neither direction was ever measured: the PCE uses the Link's inventory facts
            LinkState s = inventory.get(id) == 1 ? LinkState.orReverse(measured, id) : null;
            if (s != null) out.add(LinkReading.of(s));
        }
        return out;
    }

    /** The class a demand's programmed path is held to (null: follow the PCE). */
    private PathGovernor.ClassOf classOf(PathResult r) {
        TenantIntent t = intents.get(DemandKey.of(r).vpcKey());
        TrafficClassSpec spec = t == null ? null : t.classes().get(r.trafficClass());
        if (spec == null) return null;
        Integer maxHops = t.spec().maxHops();
        return new PathGovernor.ClassOf(dev.galactic.core.pce.TrafficClass.of(r.trafficClass(), spec), maxHops == null ? 0 : maxHops);
    }

    private void publish(List<PathResult> computed, PathCause why, NetworkImage image) {
        long now = dev.galactic.core.telemetry.EpochNanos.of(clock.instant());
        List<PathGovernor.Decision> decisions = governor.govern(pce.network(), computed, this::classOf, now);
        List<PathResult> all = decisions.stream().map(PathGovernor.Decision::programmed).toList();
        List<TenantPath> paths = new ArrayList<>();
        Map<DemandKey, PathResult> next = new HashMap<>();
        for (PathGovernor.Decision d : decisions) {
            PathResult r = d.programmed();
            next.put(DemandKey.of(r), r);
            TenantPath.of(r).ifPresent(paths::add);
            PathResult before = programmed.get(DemandKey.of(r));
            List<String> was = before == null || before.primary() == null ? null : before.primary().nodes();
            List<String> after = r.primary() == null ? null : r.primary().nodes();
            if (before != null && !Objects.equals(was, after)) {
                var e = new EventBody.PathChanged(DemandKey.of(r), was, after, why, d.action(),
                        d.action() == PathGovernor.Action.IMPROVED ? d.reason() : null);
                events.publish(e);
                LOG.info("{}", e.summary());
            }
            if (d.action() == PathGovernor.Action.SUPPRESSED) {
                List<String> candidate = d.candidate().primary().nodes();
                if (!candidate.equals(suppressed.put(d.key(), candidate))) {
                    events.publish(new EventBody.PathSuppressed(DemandKey.of(r), after, candidate, d.reason(),
                            dev.galactic.core.telemetry.EpochNanos.instant(d.holdUntilNanos())));
                }
            } else {
                suppressed.remove(d.key());
            }
        }
        programmed.keySet().retainAll(next.keySet());
        programmed.putAll(next);
        tenantPaths = List.copyOf(paths);
        programmedResults = List.copyOf(all);
        wakeAt(PathGovernor.nextWake(decisions));
    }

    /** Looks again when the first hold-down ends: the held-down path is taken then, if it is still better. */
    private void wakeAt(java.util.OptionalLong at) {
        if (at.isEmpty() || at.getAsLong() >= wakeAtNanos) return;
        wakeAtNanos = at.getAsLong();
        waker.accept(dev.galactic.core.telemetry.EpochNanos.instant(at.getAsLong()));
    }
}

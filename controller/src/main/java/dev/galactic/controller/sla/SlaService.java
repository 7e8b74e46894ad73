package dev.galactic.controller.sla;

import dev.galactic.controller.events.EventBody;
import dev.galactic.controller.events.EventHub;
import dev.galactic.controller.loop.Publisher;
import dev.galactic.controller.store.SlaComplianceStore;
import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.image.NetworkImage;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.pce.DemandKey;
import dev.galactic.core.pce.PathResult;
import dev.galactic.core.sla.SlaEvaluator;
import dev.galactic.core.sla.SlaEvent;
import dev.galactic.core.sla.SlaMonitor;
import dev.galactic.core.sla.SlaMonitorConfig;
import dev.galactic.core.sla.SlaResult;
import dev.galactic.core.sla.SlaSubject;
import dev.galactic.core.status.Conditions;
import dev.galactic.core.telemetry.EpochNanos;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The loop's SLA publisher: holds every path in force to its class with the figures telemetry
 * measured ({@link SlaEvaluator#judge}), when the paths change and every second on the clock's
 * ticks, keeps the compliance history ({@link SlaMonitor}), and turns violations opening,
 * changing and closing into {@code sla.violation} / {@code sla.recovered} events. It runs on the
 * loop's thread only; the API reads the verdicts and the monitor.
 */
public final class SlaService implements Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(SlaService.class);

    /** How often every path is held to its class. */
    public static final Duration EVERY = Duration.ofSeconds(1);
    /** How often the compliance history is written to the store (a crash loses at most this much of it). */
    public static final Duration SAVE_EVERY = Duration.ofMinutes(1);

    private final EventHub events;
    private final Clock clock;
    private final SlaMonitor monitor;
    private final Supplier<List<PathResult>> paths;
    private final SlaComplianceStore store;
    private final SlaMonitorConfig config;
    /** The buckets as the store holds them. */
    private Map<List<Object>, SlaMonitor.Bucket> saved = new HashMap<>();
    private long saveAtNanos;
    private long dueAtNanos = Long.MIN_VALUE;
    private List<PathResult> judged;
    /** How each demand stood at the last evaluation. */
    private volatile Map<DemandKey, Conditions.Sla> verdicts = Map.of();

    /**
     * @param paths the paths in force, as this step's path publisher left them
     * @param store the compliance history of earlier runs, continued here
     */
    public SlaService(EventHub events, Clock clock, SlaMonitorConfig config, Supplier<List<PathResult>> paths, SlaComplianceStore store) {
        this.events = events;
        this.clock = clock;
        this.config = config;
        this.store = store;
        long now = EpochNanos.of(clock.instant());
        // violation ids go on rising across restarts (the event log keeps the earlier ones): the
        // start's microseconds are above every id a run that started earlier could reach
        this.monitor = new SlaMonitor(config, now / 1000);
        List<SlaMonitor.Bucket> kept = store.load();
        monitor.restore(kept);
        kept.forEach(b -> saved.put(key(b), b));
        this.paths = paths;
        this.saveAtNanos = now + SAVE_EVERY.toNanos();
    }

    private static List<Object> key(SlaMonitor.Bucket b) { return List.of(b.tenant(), b.trafficClass(), b.epoch()); }

    /** Writes the buckets that changed since the last save, and forgets those the monitor no longer keeps. */
    private void save(long now) {
        saveAtNanos = now + SAVE_EVERY.toNanos();
        try {
            Map<List<Object>, SlaMonitor.Bucket> all = new HashMap<>();
            List<SlaMonitor.Bucket> changed = new java.util.ArrayList<>();
            for (SlaMonitor.Bucket b : monitor.buckets()) {
                all.put(key(b), b);
                if (!b.equals(saved.get(key(b)))) changed.add(b);
            }
            long oldest = Math.floorDiv(now, config.bucketNanos()) - config.buckets() + 1;
            store.save(changed, oldest);
            saved = all;
        } catch (RuntimeException e) {
            LOG.error("could not keep the SLA compliance history; trying again in {} s", SAVE_EVERY.toSeconds(), e);
        }
    }

    @Override
    public String name() { return "sla"; }

    @Override
    public void publish(NetworkDelta delta, NetworkImage image) {
        long now = EpochNanos.of(clock.instant());
        List<PathResult> inForce = paths.get();
        if (inForce != judged || (delta.tick() != null && now >= dueAtNanos)) {
            judged = inForce;
            evaluate(image, inForce, now);
        }
        if (delta.tick() != null && now >= saveAtNanos) save(now);
    }

    public SlaMonitor monitor() { return monitor; }

    /** How a demand stood against its class at the last evaluation (every second). */
    public Conditions.Sla sla(PathResult r) { return verdicts.getOrDefault(DemandKey.of(r), Conditions.Sla.UNMEASURED); }

    /** Holds every path to its class, with the figures telemetry measured at the image's last tick. */
    private void evaluate(NetworkImage net, List<PathResult> inForce, long now) {
        dueAtNanos = now + EVERY.toNanos();
        try {
            Map<LinkId, LinkState> states = net.links();
            Function<LinkId, LinkState> lookup = id -> LinkState.orReverse(states, id);
            ResourceImage image = net.intent();
            Map<DemandKey, Conditions.Sla> next = new HashMap<>();
            for (PathResult r : inForce) {
                SlaSubject subject = new SlaSubject(r.tenant(), r.trafficClass(), r.vpc() + ":" + r.from() + "->" + r.to());
                SlaResult result = SlaEvaluator.judge(r, lookup, image.get(Kind.TRAFFIC_CLASS, r.tenant(), r.trafficClass())
                        .map(x -> x.spec(TrafficClassSpec.class)).orElse(null));
                if (result == null) {
                    // not measured yet: no verdict; sites on one edge have no backbone path to hold to a class
                    boolean local = r.violation() == null && r.primary() != null && r.primary().nodes().size() < 2;
                    next.put(DemandKey.of(r), local ? Conditions.Sla.MET : Conditions.Sla.UNMEASURED);
                    continue;
                }
                for (SlaEvent e : monitor.observe(subject, result, now)) publish(e, r);
                SlaResult.SlaViolation open = monitor.openViolation(subject);
                next.put(DemandKey.of(r), open == null ? Conditions.Sla.MET : Conditions.Sla.violated(open.summary()));
            }
            verdicts = Map.copyOf(next);
        } catch (RuntimeException e) {
            LOG.error("SLA evaluation failed", e);
        }
    }

    private void publish(SlaEvent e, PathResult r) {
        DemandKey demand = DemandKey.of(r);
        events.publish(switch (e) {
            case SlaEvent.ViolationOpened o -> new EventBody.SlaViolated(demand, e.violationId(), o.violation().summary(), true);
            case SlaEvent.ViolationChanged c -> new EventBody.SlaViolated(demand, e.violationId(), c.violation().summary(), false);
            case SlaEvent.ViolationClosed c -> new EventBody.SlaRecovered(demand, e.violationId(), c.durationNanos() / 1e9);
        });
    }
}

package dev.galactic.controller.telemetry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galactic.controller.events.Audience;
import dev.galactic.controller.events.EventBody;
import dev.galactic.controller.events.EventHub;
import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.telemetry.EdgePair;
import dev.galactic.core.telemetry.LinkEvent;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;
import dev.galactic.core.telemetry.LinkStatus;
import dev.galactic.core.telemetry.ProbePlan;
import dev.galactic.core.telemetry.ProbePlanner;
import dev.galactic.core.telemetry.ProbePolicy;
import dev.galactic.core.telemetry.RejectReason;
import dev.galactic.core.telemetry.SampleBatch;
import dev.galactic.core.telemetry.TelemetryIngest;
import dev.galactic.core.telemetry.TrackerConfig;
import dev.galactic.core.telemetry.ValidationLimits;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The controller's telemetry shell around the pure ingest pipeline: one thread owns the
 * {@link TelemetryIngest} (batches from agents and other producers queue up for it, bounded),
 * evaluates link states every tick, publishes link events and a readable snapshot, and keeps
 * the probe plan in step with the intent.
 */
public final class TelemetryService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryService.class);
    private static final int MAX_PENDING_BATCHES = 1024;

    /** The outcome of one submitted batch. */
    public record Accepted(boolean batchAccepted, int samples, List<String> rejections) {
    }

    /** Thrown when more batches wait than the ingest thread may queue: the producer should back off. */
    public static final class Saturated extends RuntimeException {
        public Saturated() {
            super("telemetry ingest is saturated (" + MAX_PENDING_BATCHES + " batches waiting); retry after a short pause");
        }
    }

    private final Clock clock;
    private final EventHub events;
    private final ScheduledExecutorService thread = dev.galactic.controller.ServiceThreads.start("galactic-telemetry");
    private final Semaphore pending = new Semaphore(MAX_PENDING_BATCHES);
    private final TelemetryIngest ingest;
    private volatile dev.galactic.controller.loop.ControlLoop loop;
    private final Counter samples;
    private final Counter rejected;
    private final Counter whileAway;
    /** What the tracker had counted at the last tick (it counts; the metric adds the difference). */
    private long awaySeen;
    private final Counter batches;
    private final java.util.concurrent.atomic.AtomicLong undecodable = new java.util.concurrent.atomic.AtomicLong();
    private volatile Map<LinkId, LinkState> snapshot = Map.of();
    private final Set<LinkId> everUp = new java.util.HashSet<>();
    private volatile ProbePlan plan = new ProbePlan(Map.of(), new dev.galactic.core.telemetry.IperfSchedule(java.time.Duration.ofMinutes(30), List.of()));

    private final TelemetryHistory history;

    /**
     * @param rollupEvery how often link states are written to the history (a minute in production)
     */
    public TelemetryService(Clock clock, EventHub events, PrometheusRegistry registry, long tickMillis, TelemetryHistory history,
                            java.time.Duration rollupEvery) {
        this(clock, events, registry, tickMillis, history, rollupEvery, TrackerConfig.DEFAULTS);
    }

    public TelemetryService(Clock clock, EventHub events, PrometheusRegistry registry, long tickMillis, TelemetryHistory history,
                            java.time.Duration rollupEvery, TrackerConfig tracker) {
        this.clock = clock;
        this.events = events;
        this.history = history;
        this.ingest = new TelemetryIngest(Set.of(), ValidationLimits.DEFAULTS, tracker);
        samples = Counter.builder().name("galactic_telemetry_samples_total").help("Samples accepted into link windows").register(registry);
        batches = Counter.builder().name("galactic_telemetry_batches_total").help("Sample batches received, by how they were encoded")
                .labelNames("encoding").register(registry);
        rejected = Counter.builder().name("galactic_telemetry_rejections_total").help("Samples or batches refused, by reason")
                .labelNames("reason").register(registry);
        whileAway = Counter.builder().name("galactic_telemetry_samples_agent_away_total")
                .help("Probe samples about a node whose agent was away, not taken as loss").register(registry);
        registerLinkGauges(registry);
        thread.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        thread.scheduleAtFixedRate(this::rollup, rollupEvery.toMillis(), rollupEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    private long now() {
        return dev.galactic.core.telemetry.EpochNanos.of(clock.instant());
    }

    /**
     * How long a node's links keep their last state after its agent disconnects: an agent
     * restart or upgrade must not look like a failed node and move every tenant off it. Longer
     * outages are judged by the (missing) samples again.
     */
    static final java.time.Duration AGENT_GRACE = java.time.Duration.ofSeconds(30);
    /** After an agent is back and probing, time for its probes to fill the windows before its links are judged. */
    static final java.time.Duration AGENT_SETTLE = java.time.Duration.ofSeconds(3);

    /** The node's agent disconnected; see {@link dev.galactic.core.telemetry.LinkStateTracker#agentAway}. */
    public void agentAway(String node) {
        thread.execute(() -> ingest.tracker().agentAway(node, now(), AGENT_GRACE.toNanos()));
    }

    /** The node's agent is connected again. */
    public void agentBack(String node) {
        thread.execute(() -> ingest.tracker().agentBack(node, now(), AGENT_SETTLE.toNanos(), AGENT_GRACE.toNanos()));
    }

    /** Where each tick's link events and states go from now on (set once, at start-up). */
    public void publishTo(dev.galactic.controller.loop.ControlLoop loop) { this.loop = loop; }

    /** Called (on the telemetry thread) whenever the probe plan changes. */

    public Map<LinkId, LinkState> linkStates() { return snapshot; }

    private volatile LinkAudience audience = LinkAudience.NOBODY_ON_EDGES;

    /** Who may see which link, as of the last intent. */
    public LinkAudience audience() { return audience; }

    public ProbePlan probePlan() { return plan; }

    /** How a batch reached the controller, for the {@code galactic_telemetry_batches_total} counter. */
    public enum Encoding {
        /** Made in this process (the simulator). */
        IN_PROCESS,
        /** A JSON body or {@code samples} message. */
        JSON,
        /** A binary sample frame ({@link dev.galactic.core.agent.SampleFrames}). */
        BINARY
    }

    /** Queues a batch made in this process for the ingest thread; completes with what was accepted. */
    public CompletableFuture<Accepted> submit(SampleBatch batch) {
        return submit(batch, Encoding.IN_PROCESS);
    }

    /** Queues a batch for the ingest thread; completes with what was accepted. */
    public CompletableFuture<Accepted> submit(SampleBatch batch, Encoding encoding) {
        batches.labelValues(encoding.name().toLowerCase(java.util.Locale.ROOT)).inc();
        if (!pending.tryAcquire()) {
            rejected.labelValues("SATURATED").inc(batch.samples().size());
            throw new Saturated();
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                TelemetryIngest.Result r = ingest.accept(batch, now());
                samples.inc(r.acceptedSamples());
                if (r.batchAccepted()) {
                    java.util.BitSet refused = new java.util.BitSet();
                    r.rejections().forEach(x -> { if (!x.wholeBatch()) refused.set(x.sampleIndex()); });
                    history.record(batch.samples(), refused);
                    if (urgent(batch)) tickSoon();
                }
                r.rejections().forEach(x -> rejected.labelValues(x.reason().name()).inc());
                return new Accepted(r.batchAccepted(), r.acceptedSamples(),
                        r.rejections().stream().map(x -> x.reason() + ": " + x.message()).limit(20).toList());
            } finally {
                pending.release();
            }
        }, thread);
    }

    /** A lost probe is news a path may have to act on: it should not wait for the next tick. */
    private static boolean urgent(SampleBatch batch) {
        for (var x : batch.samples()) if (x instanceof dev.galactic.core.telemetry.Sample.Echo e && e.lost()) return true;
        return false;
    }

    private final java.util.concurrent.atomic.AtomicBoolean tickQueued = new java.util.concurrent.atomic.AtomicBoolean();

    /** An extra evaluation right after the batches queued now (several urgent batches share one). */
    private void tickSoon() {
        if (tickQueued.compareAndSet(false, true)) {
            thread.execute(() -> {
                tickQueued.set(false);
                tick();
            });
        }
    }

    /**
     * Brings the known nodes and the probe plan in line with the intent, on the telemetry thread;
     * completes with the new plan once ingest expects its links, or with null when it did not change.
     */
    public CompletableFuture<ProbePlan> update(ResourceImage image) {
        audience = LinkAudience.of(image);
        Map<String, NodeSpec> nodes = new TreeMap<>();
        image.list(Kind.NODE).forEach(n -> nodes.put(n.name(), n.spec(NodeSpec.class)));
        List<LinkSpec> links = image.list(Kind.LINK).stream().map(l -> l.spec(LinkSpec.class)).toList();
        ProbePlan p = ProbePlanner.plan(nodes, links, relatedEdges(image), ProbePolicy.DEFAULTS);
        return CompletableFuture.supplyAsync(() -> {
            ingest.knownNodes(nodes.keySet());
            Set<LinkId> planned = new TreeSet<>();
            p.nodes().values().forEach(np -> planned.addAll(np.links()));
            Set<LinkId> before = plan.nodes().values().stream().flatMap(np -> np.links().stream()).collect(Collectors.toSet());
            before.stream().filter(l -> !planned.contains(l)).forEach(l -> ingest.tracker().forget(l));
            planned.forEach(l -> ingest.tracker().expect(l));
            ProbePlan old = plan;
            plan = p;
            return old.equals(p) ? null : p;
        }, thread);
    }

    /** Edges that share a VPC probe each other. */
    static Set<EdgePair> relatedEdges(ResourceImage image) {
        Map<dev.galactic.core.model.ResourceKey, Set<String>> edgesByVpc = new HashMap<>();
        for (Resource a : image.list(Kind.ATTACHMENT)) {
            AttachmentSpec s = a.spec(AttachmentSpec.class);
            edgesByVpc.computeIfAbsent(new dev.galactic.core.model.ResourceKey(Kind.VPC, a.tenant(), s.vpc()), k -> new TreeSet<>()).add(s.node());
        }
        Set<EdgePair> out = new TreeSet<>();
        for (Set<String> edges : edgesByVpc.values()) {
            for (String x : edges) for (String y : edges) if (x.compareTo(y) < 0) out.add(EdgePair.of(x, y));
        }
        return out;
    }

    private void tick() {
        try {
            long now = now();
            List<LinkEvent> evs = ingest.evaluate(now);
            snapshot = Map.copyOf(ingest.tracker().states(now));
            long away = ingest.tracker().samplesWhileAway();
            if (away > awaySeen) whileAway.inc(away - awaySeen);
            awaySeen = away;
            if (evs.isEmpty()) {
                toLoop(evs, Map.of());
                return;
            }
            List<LinkId> discovered = new java.util.ArrayList<>();
            // the tick's events, published at once (one write to the event log), and the links each is about
            List<EventBody> bodies = new java.util.ArrayList<>();
            List<List<LinkId>> about = new java.util.ArrayList<>();
            for (LinkEvent e : evs) {
                // a link answering for the first time is news once, not one event per link at start-up
                if (e instanceof LinkEvent.StatusChanged c && c.from() == LinkStatus.DOWN && c.to() != LinkStatus.DOWN && everUp.add(e.link())) {
                    discovered.add(e.link());
                } else {
                    bodies.add(new EventBody.LinkChanged(e, Audience.backbonePart(audience.tenants(e.link()))));
                    about.add(List.of(e.link()));
                }
            }
            // one event per audience: the core's links for everyone, each edge's for its tenants
            Map<Optional<Set<String>>, List<LinkId>> byAudience = new java.util.LinkedHashMap<>();
            for (LinkId l : discovered) byAudience.computeIfAbsent(audience.tenants(l), k -> new java.util.ArrayList<>()).add(l);
            byAudience.forEach((tenants, links) -> {
                bodies.add(new EventBody.LinksDiscovered(links, Audience.backbonePart(tenants)));
                about.add(links);
            });
            List<dev.galactic.controller.events.Event> published = events.publishAll(bodies);
            Map<LinkId, Long> seqs = new HashMap<>();
            for (int i = 0; i < published.size(); i++) {
                long seq = published.get(i).seq();
                about.get(i).forEach(l -> seqs.putIfAbsent(l, seq));
            }
            toLoop(evs, seqs);
        } catch (RuntimeException e) {
            LOG.error("telemetry tick failed", e);
        }
    }

    /**
     * Every tick goes to the loop, events or not: the image holds the figures the SLA is judged by.
     * After the tick's own events, so that a path change it causes reads after the link event.
     */
    private void toLoop(List<LinkEvent> evs, Map<LinkId, Long> seqs) {
        var l = loop;
        if (l != null) l.submit(new dev.galactic.controller.loop.LoopInput.LinksMeasured(new dev.galactic.core.image.NetworkDelta.LinksDelta(evs, snapshot, seqs)));
    }

    private void rollup() {
        try {
            history.rollup(snapshot.values(), clock.instant());
        } catch (RuntimeException e) {
            LOG.error("telemetry rollup failed", e);
        }
    }

    public TelemetryHistory history() { return history; }

    public static ObjectNode json(LinkState s) {
        ObjectNode n = ResourceCodec.json().createObjectNode().put("from", s.link().from()).put("to", s.link().to())
                .put("status", s.status().name().toLowerCase()).put("measured", s.source() != null);
        if (s.source() != null) {
            n.put("latencyMs", round(s.latencyMs())).put("jitterMs", round(s.jitterMs())).put("lossPercent", round(s.lossPercent()))
                    .put("samples", s.sampleCount()).put("source", s.source().name().toLowerCase())
                    .put("measuredAt", dev.galactic.core.telemetry.EpochNanos.instant(s.measuredAtNanos()).toString());
            if (s.rtt() != null) {
                n.putObject("rttMs").put("min", round(s.rtt().minNanos() / 1e6)).put("p50", round(s.rtt().p50Nanos() / 1e6))
                        .put("p95", round(s.rtt().p95Nanos() / 1e6)).put("p99", round(s.rtt().p99Nanos() / 1e6));
            }
        }
        if (s.availableBandwidthMbps() != null) n.put("availableBandwidthMbps", round(s.availableBandwidthMbps()));
        return n;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private void registerLinkGauges(PrometheusRegistry registry) {
        record G(String name, String help, java.util.function.ToDoubleFunction<LinkState> value) {
        }
        for (G g : List.of(
                // Prometheus's base unit for time is the second, whatever the API shows in ms
                new G("galactic_link_latency_seconds", "Measured one-way latency of a directed underlay link", s -> s.latencyMs() / 1000),
                new G("galactic_link_jitter_seconds", "Measured jitter (RFC 3550) of a directed underlay link", s -> s.jitterMs() / 1000),
                new G("galactic_link_loss_percent", "Measured probe loss of a directed underlay link", LinkState::lossPercent),
                new G("galactic_link_up", "1 when the link is up (or degraded), 0 when down", s -> s.up() ? 1 : 0))) {
            GaugeWithCallback.builder().name(g.name()).help(g.help()).labelNames("from", "to").callback(cb -> {
                for (LinkState s : snapshot.values()) {
                    if (s.source() != null || g.name().equals("galactic_link_up")) cb.call(g.value().applyAsDouble(s), s.link().from(), s.link().to());
                }
            }).register(registry);
        }
    }

    /**
     * Counts a batch that never reached ingest because its bytes are not a batch (a binary frame
     * that does not decode), under {@link RejectReason#MALFORMED} like a malformed sample.
     */
    public void undecodable(String source, String reason) {
        undecodable.incrementAndGet();
        rejected.labelValues(RejectReason.MALFORMED.name()).inc();
        LOG.warn("{} sent a sample batch that does not decode: {}", source, reason);
    }

    /** Batches received so far in {@code encoding}. */
    public long batchesReceived(Encoding encoding) {
        return (long) batches.labelValues(encoding.name().toLowerCase(java.util.Locale.ROOT)).get();
    }

    public long rejectedCount(RejectReason reason) {
        return ingest.rejected(reason) + (reason == RejectReason.MALFORMED ? undecodable.get() : 0);
    }

    @Override
    public void close() {
        dev.galactic.controller.ServiceThreads.stop(thread);
    }
}

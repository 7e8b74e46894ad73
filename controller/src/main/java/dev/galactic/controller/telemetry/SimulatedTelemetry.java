package dev.galactic.controller.telemetry;

import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.NodeProbePlan;
import dev.galactic.core.telemetry.ProbeTarget;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.Sample;
import dev.galactic.core.telemetry.SampleBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Stands in for the agents in the demo and in tests: for every UDP probe of the plan it makes
 * the sample a real probe would, from a model — one-way latency from the Link's nominal latency
 * or, without a Link, from great-circle distance — plus noise, plus whatever impairment is
 * injected on the link. Samples go through the same ingest path as the agents'.
 */
public final class SimulatedTelemetry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedTelemetry.class);

    /**
     * An injected episode on a link (both directions).
     *
     * @param delayMs added one-way delay
     * @param jitterMs added jitter (uniform +/-)
     * @param lossPercent probes lost
     * @param until when the episode ends
     */
    public record Impairment(String a, String b, double delayMs, double jitterMs, double lossPercent, Instant until) {
    }

    private final TelemetryService telemetry;
    private final Supplier<ResourceImage> image;
    private final Clock clock;
    private final SplittableRandom random;
    private final Map<String, Impairment> impairments = new ConcurrentHashMap<>();
    private final Map<LinkId, Long> sequences = new HashMap<>();
    private final Map<String, Long> batchSequences = new HashMap<>();
    private final ScheduledExecutorService thread = dev.galactic.controller.ServiceThreads.start("galactic-simulated-telemetry");
    private final long periodMillis;

    public SimulatedTelemetry(TelemetryService telemetry, Supplier<ResourceImage> image, Clock clock, long seed, long periodMillis) {
        this.telemetry = telemetry;
        this.image = image;
        this.clock = clock;
        this.random = new SplittableRandom(seed);
        this.periodMillis = periodMillis;
    }

    public SimulatedTelemetry start() {
        thread.scheduleAtFixedRate(this::round, 0, periodMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    private static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    public void impair(Impairment i) {
        impairments.put(key(i.a(), i.b()), i);
        LOG.info("simulated impairment on {} - {}: +{} ms, jitter {} ms, loss {}% until {}", i.a(), i.b(), i.delayMs(), i.jitterMs(), i.lossPercent(), i.until());
    }

    public void clear(String a, String b) {
        impairments.remove(key(a, b));
    }

    public List<Impairment> impairments() {
        Instant now = clock.instant();
        impairments.values().removeIf(i -> !i.until().isAfter(now));
        return List.copyOf(impairments.values());
    }

    private void round() {
        try {
            ResourceImage img = image.get();
            Map<String, NodeSpec> nodes = new HashMap<>();
            img.list(Kind.NODE).forEach(n -> nodes.put(n.name(), n.spec(NodeSpec.class)));
            Map<String, Double> nominal = new HashMap<>();
            for (Resource l : img.list(Kind.LINK)) {
                LinkSpec s = l.spec(LinkSpec.class);
                if (s.latencyMs() != null) nominal.merge(key(s.a(), s.b()), s.latencyMs(), Math::min);
            }
            Instant now = clock.instant();
            long nowNanos = dev.galactic.core.telemetry.EpochNanos.of(now);
            for (NodeProbePlan np : telemetry.probePlan().nodes().values()) {
                List<Sample> samples = new ArrayList<>();
                for (ProbeTarget t : np.targets()) {
                    if (t.type() != ProbeType.UDP || !nodes.containsKey(np.node()) || !nodes.containsKey(t.node())) continue;
                    samples.add(sample(LinkId.of(np.node(), t.node()), nodes, nominal, now, nowNanos));
                }
                if (samples.isEmpty()) continue;
                long seq = batchSequences.merge(np.node(), nowNanos / 1000, (old, fresh) -> Math.max(old + 1, fresh));
                try {
                    telemetry.submit(new SampleBatch(np.node(), seq, samples));
                } catch (TelemetryService.Saturated e) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.error("simulated telemetry round failed", e);
        }
    }

    private Sample sample(LinkId link, Map<String, NodeSpec> nodes, Map<String, Double> nominal, Instant now, long nowNanos) {
        String k = key(link.from(), link.to());
        double oneWay = nominal.getOrDefault(k, internetLatency(nodes.get(link.from()), nodes.get(link.to())));
        double jitter = 0.03 * oneWay + 0.1;
        double loss = 0;
        Impairment i = impairments.get(k);
        if (i != null && i.until().isAfter(now)) {
            oneWay += i.delayMs();
            jitter += i.jitterMs();
            loss = i.lossPercent();
        }
        long seq = sequences.merge(link, 1L, Long::sum);
        if (random.nextDouble() * 100 < loss) return Sample.Echo.lost(link, ProbeType.UDP, seq, nowNanos);
        double rtt = 2 * oneWay + (random.nextDouble() * 2 - 1) * jitter + 0.05;
        return Sample.Echo.reply(link, ProbeType.UDP, seq, nowNanos, (long) (Math.max(0.01, rtt) * 1_000_000));
    }

    /** Over the Internet: great-circle distance at 5 us/km, stretched 1.5x by routing, plus 1 ms. */
    static double internetLatency(NodeSpec a, NodeSpec b) {
        double p1 = Math.toRadians(a.location().lat()), p2 = Math.toRadians(b.location().lat());
        double dl = Math.toRadians(b.location().lon() - a.location().lon());
        double h = Math.pow(Math.sin((p2 - p1) / 2), 2) + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
        double km = 2 * 6371 * Math.asin(Math.sqrt(h));
        return km * 0.005 * 1.5 + 1;
    }

    @Override
    public void close() {
        dev.galactic.controller.ServiceThreads.stop(thread);
    }
}

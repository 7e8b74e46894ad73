package dev.galactic.agent.probe;

import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.TrafficClassSpec.Thresholds;
import dev.galactic.core.sla.PathRef;
import dev.galactic.core.sla.SlaEvaluator;
import dev.galactic.core.sla.SlaResult;
import dev.galactic.core.telemetry.LinkEvent;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkStatus;
import dev.galactic.core.telemetry.ProbePlan;
import dev.galactic.core.telemetry.ProbePlanner;
import dev.galactic.core.telemetry.ProbePolicy;
import dev.galactic.core.telemetry.ProbeTarget;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.TelemetryIngest;
import dev.galactic.core.telemetry.TrackerConfig;
import dev.galactic.core.telemetry.ValidationLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole telemetry loop on loopback: a plan from the planner, two agents' probe engines,
 * batches into ingest, link events out, and an SLA verdict on the measured links.
 */
@Timeout(60)
class TelemetryLoopTest {

    static final InetAddress LO = InetAddress.getLoopbackAddress();

    /** Both agents share 127.0.0.1, so each node gets its own ports. */
    record PerNodePorts(Map<String, TargetResolver.PortConventions> ports) implements TargetResolver {
        public InetSocketAddress udpReflector(ProbeTarget t) { return ports.get(t.node()).udpReflector(t); }
        public InetSocketAddress tcp(ProbeTarget t) { return ports.get(t.node()).tcp(t); }
        public URI http(ProbeTarget t) { return ports.get(t.node()).http(t); }
        public String icmp(ProbeTarget t) { return null; }
        public InetSocketAddress iperf(ProbeTarget t) { return null; }
    }

    static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, LO)) {
            return s.getLocalPort();
        }
    }

    @Test
    void probesBecomeLinkStatesAndAnSlaVerdict() throws Exception {
        Map<String, NodeSpec> nodes = Map.of(
                "core1", new NodeSpec(NodeSpec.NodeRole.CORE, null, List.of("127.0.0.1"), null),
                "core2", new NodeSpec(NodeSpec.NodeRole.CORE, null, List.of("127.0.0.1"), null));
        ProbePolicy policy = new ProbePolicy(
                Map.of(ProbeType.UDP, Duration.ofMillis(20), ProbeType.TCP, Duration.ofMillis(250),
                        ProbeType.HTTP, Duration.ofMillis(250), ProbeType.IPERF, Duration.ofHours(1)),
                Map.of(dev.galactic.core.telemetry.ProbeRelation.CORE_MESH, Set.of(ProbeType.UDP, ProbeType.TCP, ProbeType.HTTP)),
                Duration.ofSeconds(10), Duration.ofSeconds(5), dev.galactic.core.telemetry.IperfExclusivity.NODE);
        ProbePlan plan = ProbePlanner.plan(nodes, List.of(), Set.of(), policy);
        Map<String, TargetResolver.PortConventions> ports = Map.of(
                "core1", new TargetResolver.PortConventions(freePort(), freePort(), "/probe", 0),
                "core2", new TargetResolver.PortConventions(freePort(), freePort(), "/probe", 0));
        TelemetryIngest ingest = new TelemetryIngest(nodes.keySet(), ValidationLimits.DEFAULTS, TrackerConfig.DEFAULTS);
        plan.nodes().values().forEach(p -> p.links().forEach(ingest.tracker()::expect));
        List<String> rejected = new ArrayList<>();
        SampleSink sink = batch -> {
            synchronized (ingest) {
                ingest.accept(batch, WallClock.SYSTEM.epochNanos()).rejections().forEach(r -> rejected.add(r.message()));
            }
        };
        List<LinkEvent> events = new ArrayList<>();
        List<ProbeEngine> engines = new ArrayList<>();
        try {
            // every reflector listens before anyone probes: a probe to a node not up yet is lost, rightly
            for (String n : List.of("core1", "core2")) {
                engines.add(ProbeEngine.start(ProbeSchedulerConfig.defaults(n).withBatching(50, Duration.ofMillis(200)),
                        LO, ports.get(n), new PerNodePorts(ports), sink, false));
            }
            engines.get(0).apply(plan.forNode("core1"));
            engines.get(1).apply(plan.forNode("core2"));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                synchronized (ingest) {
                    events.addAll(ingest.evaluate(WallClock.SYSTEM.epochNanos()));
                }
                return events.stream().filter(e -> e instanceof LinkEvent.StatusChanged s && s.to() == LinkStatus.UP).count() == 2;
            });
        } finally {
            engines.forEach(ProbeEngine::close);
        }
        assertThat(rejected).isEmpty();
        LinkId forward = LinkId.of("core1", "core2");
        long now = WallClock.SYSTEM.epochNanos();
        synchronized (ingest) {
            var state = ingest.tracker().state(forward, now);
            assertThat(state.source()).isEqualTo(ProbeType.UDP);
            assertThat(state.lossPercent()).isZero();
            assertThat(state.latencyMs()).isPositive().isLessThan(10);
            assertThat(ingest.tracker().stats(forward, ProbeType.TCP, now).replies()).isPositive();
            SlaResult ok = SlaEvaluator.evaluate(PathRef.of("core1", "core2", "core1"), l -> ingest.tracker().state(l, now),
                    new Thresholds(50.0, 20.0, 1.0, null));
            assertThat(ok.compliant()).as(ok.toString()).isTrue();
            SlaResult strict = SlaEvaluator.evaluate(PathRef.of("core1", "core2"), l -> ingest.tracker().state(l, now),
                    new Thresholds(0.000001, null, null, null));
            assertThat(strict).isInstanceOfSatisfying(SlaResult.SlaViolation.class,
                    v -> assertThat(v.summary()).startsWith("latency ").endsWith("on segment core1 -> core2"));
        }
    }
}

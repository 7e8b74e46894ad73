package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.IperfSchedule;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.NodeProbePlan;
import dev.galactic.core.telemetry.ProbeRelation;
import dev.galactic.core.telemetry.ProbeTarget;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.Sample;
import dev.galactic.core.telemetry.SampleBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Agent "core1" runs a plan against agent "core2" (reflector + responder) on loopback. */
@Timeout(60)
class ProbeSchedulerTest {

    static final InetAddress LO = InetAddress.getLoopbackAddress();

    @Test
    void runsThePlanAndDeliversOrderedBoundedBatches() throws Exception {
        Path fakeIperf = Files.createTempFile("fake-iperf3", ".sh");
        Path json = Files.createTempFile("iperf3", ".json");
        try (var in = getClass().getResourceAsStream("/iperf3/tcp.json")) {
            Files.write(json, in.readAllBytes());
        }
        Files.writeString(fakeIperf, "#!/bin/sh\ncat '" + json + "'\n");
        fakeIperf.toFile().setExecutable(true);
        List<SampleBatch> batches = new CopyOnWriteArrayList<>();
        try (UdpReflector reflector = UdpReflector.start(new InetSocketAddress(LO, 0));
             HttpProbeResponder responder = HttpProbeResponder.start(new InetSocketAddress(LO, 0), "/probe")) {
            TargetResolver resolver = new TargetResolver() {
                public InetSocketAddress udpReflector(ProbeTarget t) { return reflector.localAddress(); }
                public InetSocketAddress tcp(ProbeTarget t) { return responder.localAddress(); }
                public URI http(ProbeTarget t) { return URI.create("http://127.0.0.1:" + responder.localAddress().getPort() + "/probe"); }
                public String icmp(ProbeTarget t) { return null; }
                public InetSocketAddress iperf(ProbeTarget t) { return new InetSocketAddress(LO, 5201); }
            };
            List<ProbeTarget> targets = List.of(
                    new ProbeTarget("core2", List.of("127.0.0.1"), ProbeType.UDP, Duration.ofMillis(20), ProbeRelation.CORE_MESH),
                    new ProbeTarget("core2", List.of("127.0.0.1"), ProbeType.TCP, Duration.ofMillis(200), ProbeRelation.CORE_MESH),
                    new ProbeTarget("core2", List.of("127.0.0.1"), ProbeType.HTTP, Duration.ofMillis(200), ProbeRelation.CORE_MESH),
                    new ProbeTarget("core2", List.of("127.0.0.1"), ProbeType.IPERF, Duration.ofSeconds(2), ProbeRelation.CORE_MESH));
            LinkId link = LinkId.of("core1", "core2");
            NodeProbePlan plan = new NodeProbePlan("core1", targets,
                    List.of(new IperfSchedule.Run(link, Duration.ZERO, Duration.ofSeconds(1))), Duration.ofSeconds(2));
            ProbeSchedulerConfig cfg = ProbeSchedulerConfig.defaults("core1").withBatching(25, Duration.ofMillis(300));
            try (ProbeScheduler s = ProbeScheduler.start(cfg, plan, resolver, batches::add,
                    new Iperf3Runner(fakeIperf.toString(), Duration.ofSeconds(5)))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    Map<ProbeType, Long> byType = samples(batches).stream()
                            .collect(Collectors.groupingBy(Sample::type, Collectors.counting()));
                    return byType.getOrDefault(ProbeType.UDP, 0L) >= 50 && byType.getOrDefault(ProbeType.TCP, 0L) >= 3
                            && byType.getOrDefault(ProbeType.HTTP, 0L) >= 3 && byType.containsKey(ProbeType.IPERF);
                });
                assertThat(s.udpStats()).singleElement().satisfies(st -> assertThat(st.answered()).isGreaterThanOrEqualTo(50));
            }
        } finally {
            Files.deleteIfExists(fakeIperf);
            Files.deleteIfExists(json);
        }
        assertThat(batches).allSatisfy(b -> {
            assertThat(b.agentId()).isEqualTo("core1");
            assertThat(b.samples()).isNotEmpty().hasSizeLessThanOrEqualTo(25);
        });
        for (int i = 1; i < batches.size(); i++) {
            assertThat(batches.get(i).sequence()).isEqualTo(batches.get(i - 1).sequence() + 1);
        }
        List<Sample> all = samples(batches);
        assertThat(all).allSatisfy(smp -> assertThat(smp.link()).isEqualTo(LinkId.of("core1", "core2")));
        assertThat(all).filteredOn(smp -> smp instanceof Sample.Echo e && e.lost()).isEmpty();
        assertThat(all).filteredOn(smp -> smp instanceof Sample.Bandwidth)
                .allSatisfy(b -> assertThat(((Sample.Bandwidth) b).mbps()).isGreaterThan(900));
    }

    static List<Sample> samples(List<SampleBatch> batches) {
        return batches.stream().flatMap(b -> b.samples().stream()).toList();
    }
}

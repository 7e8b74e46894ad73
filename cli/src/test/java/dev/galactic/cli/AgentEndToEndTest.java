package dev.galactic.cli;

import dev.galactic.controller.TestController;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.galactic.agent.Agent;
import dev.galactic.agent.driver.SimDriver;
import dev.galactic.agent.probe.TargetResolver;
import dev.galactic.core.model.Caller;
import dev.galactic.core.model.ChangePlanner;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;
import dev.galactic.core.telemetry.ProbeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real agents, real probes: three agents on their own loopback addresses dial a controller,
 * take their probe plans, probe each other over UDP and report; the controller's link states
 * follow, and a stopped agent's links go down.
 */
class AgentEndToEndTest {

    @RegisterExtension
    final TestController ctl = TestController.embedded();

    final Map<String, Agent> agents = new HashMap<>();

    @AfterEach
    void stop() {
        agents.values().forEach(Agent::close);
    }

    Agent startAgent(String node, String address, String token) throws Exception {
        Agent a = Agent.start(new Agent.Config(URI.create(ctl.get().url()), node, token, InetAddress.getByName(address),
                TargetResolver.PortConventions.DEFAULTS, false, new SimDriver()));
        agents.put(node, a);
        return a;
    }

    LinkState state(String from, String to) {
        return ctl.get().telemetry().linkStates().get(LinkId.of(from, to));
    }

    @Test
    void agentsProbeEachOtherAndTheControllerSeesIt() throws Exception {
        String yaml = """
                apiVersion: galactic/v1alpha1
                kind: Node
                metadata: {name: c1}
                spec: {role: core, underlayAddresses: [127.0.0.21], location: {lat: 50.1, lon: 8.7, country: DE}}
                ---
                apiVersion: galactic/v1alpha1
                kind: Node
                metadata: {name: c2}
                spec: {role: core, underlayAddresses: [127.0.0.22], location: {lat: 52.4, lon: 4.9, country: NL}}
                ---
                apiVersion: galactic/v1alpha1
                kind: Node
                metadata: {name: c3}
                spec: {role: core, underlayAddresses: [127.0.0.23], location: {lat: 48.9, lon: 2.4, country: FR}}
                """;
        List<ChangePlanner.Op> ops = new ArrayList<>();
        for (Resource r : ResourceCodec.parse(yaml, ResourceCodec.Format.YAML).resources()) ops.add(new ChangePlanner.Op.Put(ops.size(), r));
        ctl.get().resources().apply(ops, Caller.OPERATOR, "test", false);
        Map<String, String> tokens = new HashMap<>();
        for (String n : List.of("c1", "c2", "c3")) tokens.put(n, ctl.get().tokens().createForNode(n, "test", Instant.now()).secret());

        startAgent("c1", "127.0.0.21", tokens.get("c1"));
        startAgent("c2", "127.0.0.22", tokens.get("c2"));
        startAgent("c3", "127.0.0.23", tokens.get("c3"));
        await().atMost(Duration.ofSeconds(30)).until(() -> agents.values().stream().allMatch(Agent::connected)
                && agents.values().stream().allMatch(a -> a.plan() != null && !a.plan().targets().isEmpty()));

        // every core probes every other: six directed links, measured over real loopback sockets
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (String a : List.of("c1", "c2", "c3")) for (String b : List.of("c1", "c2", "c3")) {
                if (a.equals(b)) continue;
                LinkState s = state(a, b);
                if (s == null || !s.up() || s.sampleCount() < 5) return false;
            }
            return true;
        });
        assertThat(state("c1", "c2").latencyMs()).isLessThan(5);
        assertThat(state("c1", "c2").lossPercent()).isZero();
        assertThat(ctl.get().events().recent(e -> e.type() == dev.galactic.controller.events.EventType.NODE_STATE, 0, 100)).hasSizeGreaterThanOrEqualTo(3);

        assertThat(state("c1", "c2").source()).isEqualTo(ProbeType.UDP);
        // the agents offered binary sample frames in their hello, the controller's welcome took them up,
        // and those frames are what carried the samples above
        assertThat(agents.values()).allSatisfy(a -> assertThat(a.sampleFrames()).isEqualTo(dev.galactic.core.agent.SampleFrames.VERSION));
        assertThat(ctl.get().telemetry().batchesReceived(dev.galactic.controller.telemetry.TelemetryService.Encoding.BINARY)).isPositive();

        // the agent's own metrics, next to its probe responder, in a format promtool accepts
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.21:7701/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("galactic_agent_connected 1.0").contains("galactic_agent_samples_sent_total").contains("jvm_memory_used_bytes");
        if (java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/promtool"))) {
            Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
            p.getOutputStream().write(metrics.getBytes());
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isZero();
        }

        // each agent got its node's desired config, installed it and said so
        await().atMost(Duration.ofSeconds(10)).until(() -> List.of("c1", "c2", "c3").stream().allMatch(n ->
                ctl.get().configs().applied(n).map(a -> a.error() == null && a.hash().equals(ctl.get().configs().desired(n).orElseThrow().hash())).orElse(false)));
        assertThat(agents.get("c1").installedVersion()).isEqualTo(ctl.get().configs().desired("c1").orElseThrow().version());
        // a new node changes no core's config (cores hold no tenant state, and there are no tunnels here)
        long before = ctl.get().configs().desired("c1").orElseThrow().version();
        List<ChangePlanner.Op> more = new ArrayList<>();
        for (Resource r : ResourceCodec.parse("apiVersion: galactic/v1alpha1\nkind: Node\nmetadata: {name: c4}\n"
                + "spec: {role: core, underlayAddresses: [127.0.0.25], location: {lat: 40.4, lon: -3.7, country: ES}}\n", ResourceCodec.Format.YAML).resources()) {
            more.add(new ChangePlanner.Op.Put(more.size(), r));
        }
        ctl.get().resources().apply(more, Caller.OPERATOR, "test", false);
        assertThat(ctl.get().configs().desired("c4")).isPresent();
        assertThat(ctl.get().configs().desired("c1").orElseThrow().version()).isEqualTo(before);

        // the agent of c2 stops: its UDP reflector goes with it. The host still answers pings, so
        // the link is not down; its figures now come from ICMP, the next probe in line
        agents.remove("c2").close();
        await().atMost(Duration.ofSeconds(30)).until(() -> state("c1", "c2").source() != ProbeType.UDP && state("c3", "c2").source() != ProbeType.UDP);
        assertThat(state("c1", "c3").source()).isEqualTo(ProbeType.UDP);
        assertThat(ctl.get().events().recent(e -> e.summary().equals("agent of c2 disconnected"), 0, 100)).isNotEmpty();
        // the other agents' UDP probes towards c2's dead reflector were not taken as loss, and the metric counts them
        String scrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(ctl.get().url() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        double away = scrape.lines().filter(l -> l.startsWith("galactic_telemetry_samples_agent_away_total ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1])).sum();
        assertThat(away).as("samples while c2's agent was away").isPositive();

        // and it comes back
        startAgent("c2", "127.0.0.22", tokens.get("c2"));
        await().atMost(Duration.ofSeconds(30)).until(() -> state("c1", "c2").source() == ProbeType.UDP);
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        Agent a = startAgent("nobody", "127.0.0.24", "gx_not_a_token");
        Thread.sleep(1500);
        assertThat(a.connected()).isFalse();
        assertThat(a.plan()).isNull();
    }
}

package dev.galactic.controller.paths;

import dev.galactic.controller.TestController;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galactic.controller.events.Event;
import dev.galactic.controller.telemetry.SimulatedTelemetry;
import dev.galactic.core.pce.PathResult;
import dev.galactic.core.render.NodeConfig;
import dev.galactic.core.sla.SlaMonitorConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The closed loop inside the controller: intent and telemetry in, paths, configs, path moves and SLA events out. */
class PathServiceTest {

    @RegisterExtension
    final TestController ctl = TestController.embedded().with(c -> c.withSimulatedTelemetry(true)
            .withSla(new SlaMonitorConfig(0, Duration.ofSeconds(2).toNanos(), Duration.ofSeconds(10).toNanos(), 360, Duration.ofMinutes(2).toNanos()))
            // almost no margin: the detour around a slowed transatlantic hop is a fraction of a ms longer,
            // and the hold-down, not the margin, is what this class tests
            .withRouting(new dev.galactic.core.pce.PathGovernor.Config(new dev.galactic.core.metric.Hysteresis(0.01, 0), HOLD_DOWN.toNanos())))
            .applying("backbone.yaml", "acme-l3vpn-traffic-classes.yaml", "globex-geofenced-waypoints.yaml");

    static final Duration HOLD_DOWN = Duration.ofSeconds(8);

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void measured() {
        // wait until every link has been measured, so the paths rest on telemetry
        await().atMost(Duration.ofSeconds(40)).until(() -> ctl.get().telemetry().linkStates().values().stream().filter(s -> s.source() != null).count() > 100);
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return ctl.send(method, path, token, body);
    }

    Optional<PathResult> path(String cls, String from, String to) {
        return ctl.get().paths().results().stream().filter(r -> r.tenant().equals("acme") && r.trafficClass().equals(cls)
                && r.from().equals(from) && r.to().equals(to)).findFirst();
    }

    @Test
    void pathsReachTheApiAndTheEdgesConfig() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> path("interactive", "berlin-office", "dublin-dc").map(r -> r.primary() != null).orElse(false));
        PathResult r = path("interactive", "berlin-office", "dublin-dc").orElseThrow();
        assertThat(r.primary().nodes()).startsWith("edge-ber").endsWith("edge-dub");
        assertThat(r.primary().why()).isNotBlank();

        JsonNode items = json.readTree(send("GET", "/api/v1/tenants/acme/vpcs/prod/paths", ctl.admin(), null).body()).path("items");
        assertThat(items.findValuesAsText("trafficClass")).contains("interactive", "replication", "voice", "backup", "bulk");
        // with the SRv6 segment list the ingress edge uses: the same SIDs as in its config
        JsonNode item = null;
        for (JsonNode i : items) if (i.path("trafficClass").asText().equals("interactive") && i.path("from").asText().equals("berlin-office")
                && i.path("to").asText().equals("dublin-dc")) item = i;
        assertThat(item).isNotNull();
        String globex = json.readTree(send("POST", "/api/v1/tokens", ctl.admin(), "{\"tenant\": \"globex\"}").body()).path("token").asText();
        assertThat(send("GET", "/api/v1/tenants/acme/vpcs/prod/paths", globex, null).statusCode()).isEqualTo(404);

        // the ingress edge's config routes dublin's prefix along the path: one End SID per core, then dublin's
        await().atMost(Duration.ofSeconds(10)).until(() -> route(ctl.get().configs().desired("edge-ber").orElseThrow().config(), "interactive", "10.20.0.0/16").isPresent());
        NodeConfig.Route route = route(ctl.get().configs().desired("edge-ber").orElseThrow().config(), "interactive", "10.20.0.0/16").orElseThrow();
        assertThat(route.via()).isEqualTo(path("interactive", "berlin-office", "dublin-dc").orElseThrow().primary().nodes());
        assertThat(route.segments()).hasSize(route.via().size() - 1);
        JsonNode fresh = null;
        for (JsonNode i : json.readTree(send("GET", "/api/v1/tenants/acme/vpcs/prod/paths", ctl.admin(), null).body()).path("items")) {
            if (i.path("trafficClass").asText().equals("interactive") && i.path("from").asText().equals("berlin-office") && i.path("to").asText().equals("dublin-dc")) fresh = i;
        }
        assertThat(fresh.path("srv6").path("ipv4")).extracting(JsonNode::asText).containsExactlyElementsOf(route.segments());
    }

    static JsonNode condition(JsonNode resource, String type) {
        for (JsonNode c : resource.path("status").path("conditions")) if (c.path("type").asText().equals(type)) return c;
        throw new AssertionError("no condition " + type + " in " + resource.path("status"));
    }

    @Test
    void conditionsSayWhetherAVpcsPathsAreComputedAndProgrammedAndANodesAgentRunsItsConfig() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> condition(json.readTree(send("GET", "/api/v1/tenants/acme/vpcs/prod", ctl.admin(), null).body()),
                "PathsComputed").path("status").asText().equals("True"));
        JsonNode vpc = json.readTree(send("GET", "/api/v1/tenants/acme/vpcs/prod", ctl.admin(), null).body());
        assertThat(condition(vpc, "PathsComputed").path("observedGeneration").asLong()).isEqualTo(vpc.path("metadata").path("generation").asLong());
        // no agent runs anywhere in this test: nothing is programmed yet, and the nodes say why
        assertThat(condition(vpc, "Programmed").path("status").asText()).isEqualTo("False");
        assertThat(condition(vpc, "Programmed").path("reason").asText()).isEqualTo("NodesBehind");
        assertThat(condition(vpc, "Programmed").path("message").asText()).contains("edge-ber");
        JsonNode node = json.readTree(send("GET", "/api/v1/nodes/edge-ber", ctl.admin(), null).body());
        assertThat(condition(node, "AgentConnected").path("status").asText()).isEqualTo("False");
        assertThat(condition(node, "ConfigApplied").path("reason").asText()).isEqualTo("Pending");

        // every node reports its config applied: the VPC is programmed
        for (String n : ctl.get().resources().image().list(dev.galactic.core.model.Kind.NODE).stream().map(dev.galactic.core.model.Resource::name).toList()) {
            ctl.get().configs().desired(n).ifPresent(v -> ctl.report(new dev.galactic.core.image.NodeReport.ConfigApplied(n, v.version(), v.hash(), "sim", null)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> condition(json.readTree(send("GET", "/api/v1/tenants/acme/vpcs/prod", ctl.admin(), null).body()),
                "Programmed").path("status").asText().equals("True"));
        assertThat(condition(json.readTree(send("GET", "/api/v1/nodes/edge-ber", ctl.admin(), null).body()), "ConfigApplied").path("status").asText())
                .isEqualTo("True");
    }

    static Optional<NodeConfig.Route> route(NodeConfig c, String cls, String prefix) {
        return c.tenants().stream().filter(t -> t.tenant().equals("acme")).flatMap(t -> t.classes().stream())
                .filter(cr -> cr.trafficClass().equals(cls)).flatMap(cr -> cr.routes().stream()).filter(x -> x.prefix().equals(prefix)).findFirst();
    }

    /** The hop of a Berlin-to-Boston path that crosses the Atlantic (Europe to the US east coast). */
    static String[] transatlanticHop(List<String> path) {
        for (int i = 0; i + 1 < path.size(); i++) {
            if (List.of("nyc", "iad").contains(path.get(i + 1)) && List.of("lon", "ams", "par").contains(path.get(i))) {
                return new String[]{path.get(i), path.get(i + 1)};
            }
        }
        throw new AssertionError("no transatlantic hop on " + path);
    }

    @Test
    void aSlowLinkMovesTheLowestLatencyPathAndTheEventSaysWhy() {
        await().atMost(Duration.ofSeconds(20)).until(() -> path("interactive", "berlin-office", "boston-cloud").map(r -> r.primary() != null).orElse(false));
        List<String> before = path("interactive", "berlin-office", "boston-cloud").orElseThrow().primary().nodes();
        // slow down the transatlantic hop the path uses
        String[] ab = transatlanticHop(before);
        ctl.get().simulation().impair(new SimulatedTelemetry.Impairment(ab[0], ab[1], 40, 0, 0, Instant.now().plusSeconds(300)));
        String hop = ab[0] + " " + ab[1];
        await().atMost(Duration.ofSeconds(40)).until(() -> !String.join(" ", path("interactive", "berlin-office", "boston-cloud").orElseThrow().primary().nodes()).contains(hop));
        List<Event> moves = ctl.get().events().recent(e -> e.type() == dev.galactic.controller.events.EventType.PATH_CHANGE && e.summary().contains("berlin-office → boston-cloud"), 0, 100);
        assertThat(moves).isNotEmpty();
        assertThat(moves.getLast().tenant()).isEqualTo("acme");
        assertThat(dev.galactic.controller.events.EventJson.payload(moves.getLast().body()).path("reason").asText()).contains("link");
        // the move names the link event that caused it, by its place in the event sequence
        var change = (dev.galactic.controller.events.EventBody.PathChanged) moves.getLast().body();
        var cause = (dev.galactic.controller.events.PathCause.LinkChanged) change.cause();
        assertThat(cause.eventSeq()).isPositive().isLessThan(moves.getLast().seq());
        Event linkEvent = ctl.get().events().recent(e -> e.seq() == cause.eventSeq(), 0, 1).getFirst();
        assertThat(linkEvent.body()).isInstanceOfSatisfying(dev.galactic.controller.events.EventBody.LinkChanged.class,
                l -> assertThat(l.event().link()).isEqualTo(cause.event().link()));
        assertThat(dev.galactic.controller.events.EventJson.payload(change).path("cause").path("seq").asLong()).isEqualTo(cause.eventSeq());
    }

    @Test
    void aRestoredLinkWinsTheTrafficBackOnlyAfterTheHoldDownAndOnlyOnce() {
        await().atMost(Duration.ofSeconds(20)).until(() -> path("interactive", "berlin-office", "boston-cloud").map(r -> r.primary() != null).orElse(false));
        List<String> original = path("interactive", "berlin-office", "boston-cloud").orElseThrow().primary().nodes();
        String[] ab = transatlanticHop(original);
        ctl.get().simulation().impair(new SimulatedTelemetry.Impairment(ab[0], ab[1], 40, 0, 0, Instant.now().plusSeconds(300)));
        await().atMost(Duration.ofSeconds(40)).until(() -> !path("interactive", "berlin-office", "boston-cloud").orElseThrow().primary().nodes().equals(original));
        Instant movedAway = Instant.now();
        ctl.get().simulation().clear(ab[0], ab[1]);
        // the original path is better again, but the demand moved moments ago: held down, and said so
        await().atMost(Duration.ofSeconds(30)).until(() -> !ctl.get().events().recent(e -> e.type() == dev.galactic.controller.events.EventType.PATH_SUPPRESSED
                && e.summary().contains("interactive berlin-office → boston-cloud"), 0, 100).isEmpty());
        Event held = ctl.get().events().recent(e -> e.type() == dev.galactic.controller.events.EventType.PATH_SUPPRESSED && e.summary().contains("interactive berlin-office → boston-cloud"), 0, 100).getLast();
        assertThat(dev.galactic.controller.events.EventJson.payload(held.body()).path("reason").asText()).contains("held down");
        assertThat(path("interactive", "berlin-office", "boston-cloud").orElseThrow().primary().nodes()).isNotEqualTo(original);
        // after the hold-down it comes back, once
        await().atMost(Duration.ofSeconds(30)).until(() -> path("interactive", "berlin-office", "boston-cloud").orElseThrow().primary().nodes().equals(original));
        assertThat(Duration.between(movedAway, Instant.now())).isGreaterThanOrEqualTo(HOLD_DOWN.minusSeconds(1));
        List<Event> back = ctl.get().events().recent(e -> e.type() == dev.galactic.controller.events.EventType.PATH_CHANGE && e.summary().contains("interactive berlin-office → boston-cloud")
                && dev.galactic.controller.events.EventJson.payload(e.body()).path("decision").asText().equals("improved"), 0, 100);
        assertThat(back).hasSize(1);
        assertThat(dev.galactic.controller.events.EventJson.payload(back.getFirst().body()).path("reason").asText()).contains("candidate is better");
    }

    @Test
    void noCompliantPathOpensAViolationWithItsCauseAndClosesWhenTheNetworkHeals() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> path("interactive", "berlin-office", "boston-cloud").map(r -> r.primary() != null).orElse(false));
        // every way across the Atlantic gets 50 ms slower: no path meets interactive's 60 ms
        for (String[] l : List.of(new String[]{"lon", "nyc"}, new String[]{"ams", "nyc"}, new String[]{"par", "iad"})) {
            ctl.get().simulation().impair(new SimulatedTelemetry.Impairment(l[0], l[1], 50, 0, 0, Instant.now().plusSeconds(300)));
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> !ctl.get().events().recent(e -> e.type() == dev.galactic.controller.events.EventType.SLA_VIOLATION
                && e.summary().contains("interactive berlin-office → boston-cloud"), 0, 1000).isEmpty());
        Event v = ctl.get().events().recent(e -> e.type() == dev.galactic.controller.events.EventType.SLA_VIOLATION && e.summary().contains("interactive berlin-office → boston-cloud"), 0, 1000).getFirst();
        assertThat(v.tenant()).isEqualTo("acme");
        assertThat(dev.galactic.controller.events.EventJson.payload(v.body()).path("rootCause").asText()).contains("latency");
        // a missed SLA is not an outage: the fastest path that is up still carries the class,
        // flagged, and berlin's edge keeps boston's route in the class's table
        PathResult kept = path("interactive", "berlin-office", "boston-cloud").orElseThrow();
        assertThat(kept.status()).isEqualTo(PathResult.Status.VIOLATION);
        assertThat(kept.primary()).isNotNull();
        assertThat(kept.primary().nodes()).startsWith("edge-ber").endsWith("edge-bos");
        assertThat(route(ctl.get().configs().desired("edge-ber").orElseThrow().config(), "interactive", "10.30.0.0/16")).isPresent();
        assertThat(ctl.get().events().recent(e -> e.type() == dev.galactic.controller.events.EventType.PATH_CHANGE && e.summary().contains("interactive berlin-office → boston-cloud")
                && e.summary().contains("⇒ none"), 0, 1000)).isEmpty();
        for (String[] l : List.of(new String[]{"lon", "nyc"}, new String[]{"ams", "nyc"}, new String[]{"par", "iad"})) ctl.get().simulation().clear(l[0], l[1]);
        await().atMost(Duration.ofSeconds(60)).until(() -> !ctl.get().events().recent(e -> e.type() == dev.galactic.controller.events.EventType.SLA_RECOVERED
                && e.summary().contains("interactive berlin-office → boston-cloud"), 0, 1000).isEmpty());
        // the compliance history knows: less than all of the observed time met the SLA, hour by hour too
        JsonNode compliance = json.readTree(send("GET", "/api/v1/tenants/acme/vpcs/prod/compliance?hours=24", ctl.admin(), null).body());
        JsonNode interactive = null;
        for (JsonNode c : compliance.path("items")) if (c.path("trafficClass").asText().equals("interactive")) interactive = c;
        assertThat(interactive).isNotNull();
        assertThat(interactive.path("compliantFraction").asDouble()).isLessThan(1.0).isGreaterThan(0.0);
        assertThat(interactive.path("hourly")).hasSize(24);
        assertThat(interactive.path("hourly").get(23).path("compliantFraction").asDouble()).isLessThan(1.0);
    }
}

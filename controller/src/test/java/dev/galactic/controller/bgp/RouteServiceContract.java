package dev.galactic.controller.bgp;

import dev.galactic.controller.TestController;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galactic.controller.ControllerConfig;
import dev.galactic.controller.events.Event;
import dev.galactic.core.agent.AgentMessage;
import dev.galactic.controller.loop.LoopInput;
import dev.galactic.core.bgp.BgpSessions;
import dev.galactic.core.bgp.LearnedRoute;
import dev.galactic.core.image.NodeReport;
import dev.galactic.core.bgp.SessionState;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.render.NodeConfig;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reports in, decisions, events, rendering, API and persistence out: on SQLite and PostgreSQL alike. */
abstract class RouteServiceContract {

    @RegisterExtension
    final TestController ctl = TestController.embedded().with(this::database)
            .applying("backbone.yaml", "acme-l3vpn-traffic-classes.yaml", "initech-hub-and-spoke.yaml");

    static final ObjectMapper JSON = new ObjectMapper();
    static final ResourceKey SEATTLE = new ResourceKey(Kind.ATTACHMENT, "initech", "branch-seattle");

    abstract ControllerConfig database(ControllerConfig base);

    static LearnedRoute route(String prefix, Long... path) {
        return new LearnedRoute(prefix, List.of(path), List.of("65101:7"), "172.16.101.2");
    }

    void report(String node, SessionState state, LearnedRoute... routes) {
        ctl.reportRoutes(node, new AgentMessage.Routes("initech", "branch-seattle", state, List.of(routes), null));
    }

    void agentConnected(String node) {
        ctl.report(new NodeReport.AgentSession(node, true, java.time.Instant.now()));
    }

    void agentDisconnected(String node) {
        ctl.report(new NodeReport.AgentSession(node, false, java.time.Instant.now()));
    }

    NodeConfig.Site seattleSite() {
        return ctl.get().configs().desired("edge-sea").orElseThrow().config().tenants().stream().filter(t -> t.tenant().equals("initech"))
                .flatMap(t -> t.sites().stream()).filter(s -> s.attachment().equals("branch-seattle")).findFirst().orElseThrow();
    }

    List<Event> events(String type) {
        return ctl.get().events().recent(e -> e.type().wire().equals(type), 0, 100);
    }

    String token(String tenant) throws Exception {
        return ctl.tokenFor(tenant);
    }

    @Test
    void acceptedRoutesAreRoutedRejectedOnesExplainedAndOnlyItsTenantSeesThem() throws Exception {
        report("edge-sea", SessionState.ESTABLISHED, route("10.101.1.0/24", 65101L), route("10.200.0.0/24", 65101L),
                route("127.0.0.0/8", 65101L), route("0.0.0.0/0", 65101L));
        assertThat(seattleSite().prefixes()).containsExactly("10.101.1.0/24");
        assertThat(seattleSite().bgp().localAsn()).isEqualTo(4200000003L);
        assertThat(events("route.learned")).singleElement().satisfies(e -> {
            assertThat(e.tenant()).isEqualTo("initech");
            assertThat(e.summary()).contains("10.101.1.0/24");
        });
        assertThat(events("route.rejected")).hasSize(3).allSatisfy(e -> assertThat(e.tenant()).isEqualTo("initech"))
                .extracting(e -> dev.galactic.controller.events.EventJson.payload(e.body()).path("reason").asText()).containsExactlyInAnyOrder("NOT_ALLOWED", "BOGON", "DEFAULT_ROUTE");
        assertThat(events("bgp.session")).singleElement().satisfies(e -> assertThat(e.summary()).contains("ESTABLISHED"));

        HttpResponse<String> mine = ctl.send("GET", "/api/v1/tenants/initech/attachments/branch-seattle/routes", token("initech"), null);
        assertThat(mine.statusCode()).isEqualTo(200);
        JsonNode v = JSON.readTree(mine.body());
        assertThat(v.path("session").path("state").asText()).isEqualTo("ESTABLISHED");
        assertThat(v.path("received").asInt()).isEqualTo(4);
        assertThat(v.path("accepted").get(0).path("prefix").asText()).isEqualTo("10.101.1.0/24");
        assertThat(v.path("accepted").get(0).path("communities").get(0).asText()).isEqualTo("65101:7");
        assertThat(v.path("rejected").findValuesAsText("reason")).containsExactlyInAnyOrder("NOT_ALLOWED", "BOGON", "DEFAULT_ROUTE");
        assertThat(v.path("rejected").findValuesAsText("why")).anyMatch(w -> w.contains("loopback"));
        // what Seattle is told follows the computed paths (hub only), which the path service makes on its own thread
        long until = System.nanoTime() + 20_000_000_000L;
        while (seattleSite().bgp().advertise().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        v = JSON.readTree(ctl.send("GET", "/api/v1/tenants/initech/attachments/branch-seattle/routes", token("initech"), null).body());
        assertThat(v.path("advertised")).extracting(JsonNode::asText).containsExactly("10.100.0.0/16");
        // another tenant sees neither the view nor the events
        String acme = token("acme");
        assertThat(ctl.send("GET", "/api/v1/tenants/initech/attachments/branch-seattle/routes", acme, null).statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(ctl.send("GET", "/api/v1/events?type=route.,bgp.", acme, null).body()).path("items")).isEmpty();
        String metrics = ctl.send("GET", "/metrics", token("initech"), null).body();
        assertThat(metrics).contains("galactic_bgp_session_up{attachment=\"branch-seattle\",node=\"edge-sea\",tenant=\"initech\"} 1.0")
                .contains("galactic_bgp_prefixes_rejected{attachment=\"branch-seattle\",reason=\"BOGON\",tenant=\"initech\"} 1.0")
                .contains("galactic_bgp_prefixes_accepted{attachment=\"branch-seattle\",tenant=\"initech\"} 1.0");
        assertThat(ctl.send("GET", "/metrics", acme, null).body()).doesNotContain("initech");
    }

    /** A tick of the loop's clock this far after now. */
    void tickIn(java.time.Duration d) {
        ctl.get().loop().submit(new LoopInput.Tick(java.time.Instant.now().plus(d))).join();
    }

    static final java.time.Duration PAST_GRACE = BgpSessions.AGENT_GRACE.plusSeconds(1);

    @Test
    void anAgentThatStaysAwayNoLongerVouchesForItsSessionOrItsRoutes() {
        agentConnected("edge-sea");
        report("edge-sea", SessionState.ESTABLISHED, route("10.101.1.0/24", 65101L));
        assertThat(seattleSite().prefixes()).containsExactly("10.101.1.0/24");
        // a grace that ends while the agent is back changes nothing
        agentDisconnected("edge-sea");
        agentConnected("edge-sea");
        tickIn(PAST_GRACE);
        assertThat(ctl.get().routes().sessions().get(SEATTLE).state()).isEqualTo(SessionState.ESTABLISHED);
        // away, but within the grace: still vouched for
        agentDisconnected("edge-sea");
        tickIn(BgpSessions.AGENT_GRACE.minusSeconds(5));
        assertThat(ctl.get().routes().sessions().get(SEATTLE).state()).isEqualTo(SessionState.ESTABLISHED);
        // away past the grace: the session is unknown, its route withdrawn and no longer spread
        tickIn(PAST_GRACE);
        assertThat(ctl.get().routes().sessions().get(SEATTLE).state()).isEqualTo(SessionState.UNKNOWN);
        assertThat(seattleSite().prefixes()).isEmpty();
        assertThat(events("route.withdrawn")).singleElement().satisfies(e -> assertThat(e.summary()).contains("10.101.1.0/24"));
        assertThat(events("bgp.session")).last().satisfies(e -> {
            assertThat(e.tenant()).isEqualTo("initech");
            assertThat(e.summary()).contains("UNKNOWN").contains("disconnected");
        });
        // back, it reports again and the route returns
        agentConnected("edge-sea");
        report("edge-sea", SessionState.ESTABLISHED, route("10.101.1.0/24", 65101L));
        assertThat(seattleSite().prefixes()).containsExactly("10.101.1.0/24");
    }

    @Test
    void afterARestartStoredSessionsStandOnlyUntilTheGraceEndsUnlessTheAgentIsBack() {
        agentConnected("edge-sea");
        report("edge-sea", SessionState.ESTABLISHED, route("10.101.1.0/24", 65101L));
        ctl.restart();
        assertThat(seattleSite().prefixes()).containsExactly("10.101.1.0/24");
        tickIn(PAST_GRACE);
        assertThat(ctl.get().routes().sessions().get(SEATTLE).state()).isEqualTo(SessionState.UNKNOWN);
        assertThat(seattleSite().prefixes()).isEmpty();
    }

    @Test
    void aWithdrawalRemovesTheRouteAndAForeignReportChangesNothing() {
        report("edge-sea", SessionState.ESTABLISHED, route("10.101.1.0/24", 65101L), route("10.101.2.0/24", 65101L));
        long version = ctl.get().configs().desired("edge-sea").orElseThrow().version();
        report("edge-dub", SessionState.ESTABLISHED); // not Seattle's edge: ignored
        assertThat(seattleSite().prefixes()).containsExactly("10.101.1.0/24", "10.101.2.0/24");
        assertThat(ctl.get().configs().desired("edge-sea").orElseThrow().version()).isEqualTo(version);
        report("edge-sea", SessionState.ESTABLISHED, route("10.101.2.0/24", 65101L));
        assertThat(seattleSite().prefixes()).containsExactly("10.101.2.0/24");
        assertThat(events("route.withdrawn")).singleElement().satisfies(e -> assertThat(dev.galactic.controller.events.EventJson.payload(e.body()).path("prefix").asText()).isEqualTo("10.101.1.0/24"));
    }

    @Test
    void tooManyPrefixesWithTearDownShutsTheSessionAndLearnsNothing() {
        LearnedRoute[] many = new LearnedRoute[21];
        for (int i = 0; i < many.length; i++) many[i] = route("10.101." + i + ".0/24", 65101L);
        report("edge-sea", SessionState.ESTABLISHED, many);
        assertThat(seattleSite().prefixes()).isEmpty();
        assertThat(seattleSite().bgp().shutdown()).isTrue();
        assertThat(events("route.rejected")).hasSize(21).allSatisfy(e -> assertThat(dev.galactic.controller.events.EventJson.payload(e.body()).path("reason").asText()).isEqualTo("MAX_PREFIXES"));
        // the shut session reports nothing; it stays shut for the hold-down instead of coming straight back
        report("edge-sea", SessionState.ADMIN_DOWN);
        assertThat(seattleSite().bgp().shutdown()).isTrue();
    }

    @Test
    void aRestartedControllerKeepsForwardingWhatWasLearned() {
        report("edge-sea", SessionState.ESTABLISHED, route("10.101.1.0/24", 65101L));
        ctl.restart();
        assertThat(seattleSite().prefixes()).containsExactly("10.101.1.0/24");
        assertThat(ctl.get().routes().view(SEATTLE, ctl.get().resources().image(), List.of()).orElseThrow().session().state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void deletingTheAttachmentForgetsItsSession() throws Exception {
        report("edge-sea", SessionState.ESTABLISHED, route("10.101.1.0/24", 65101L));
        assertThat(ctl.send("DELETE", "/api/v1/tenants/initech/attachments/branch-seattle", ctl.admin(), null).statusCode()).isLessThan(300);
        assertThat(ctl.get().routes().sessions()).isEmpty();
        assertThat(ctl.get().routes().results()).doesNotContainKey(SEATTLE);
    }
}

package dev.galactic.controller.bgp;

import dev.galactic.controller.PublisherFixture;
import dev.galactic.controller.store.BgpSessionStore;
import dev.galactic.core.agent.AgentMessage;
import dev.galactic.core.bgp.LearnedRoute;
import dev.galactic.core.bgp.SessionState;
import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.image.NetworkImage;
import dev.galactic.core.image.NodeReport;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.ResourceKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The BGP publisher as a function of (delta, image): no loop thread, no agents, no HTTP. */
class RouteServicePublishTest extends PublisherFixture {

    static final ResourceKey SEATTLE = new ResourceKey(Kind.ATTACHMENT, "initech", "branch-seattle");

    RouteService bgp;
    NetworkImage image;

    @BeforeEach
    void start() {
        image = NetworkImage.of(1, examples("backbone.yaml", "initech-hub-and-spoke.yaml"));
        bgp = new RouteService(new BgpSessionStore(db), events, clock, image, Map.of());
    }

    void step(NetworkDelta delta) {
        image = image.apply(delta);
        bgp.publish(delta, image);
    }

    static NetworkDelta routes(String node, String... prefixes) {
        List<LearnedRoute> rs = java.util.Arrays.stream(prefixes).map(p -> new LearnedRoute(p, List.of(65101L), List.of(), null)).toList();
        return NetworkDelta.report(new NodeReport.RoutesReported(node, new AgentMessage.Routes("initech", "branch-seattle",
                SessionState.ESTABLISHED, rs, null), NOW));
    }

    @Test
    void aReportIsJudgedAnnouncedStoredAndLeftForTheRenderer() {
        step(routes("edge-sea", "10.101.1.0/24", "10.200.0.0/24"));
        assertThat(bgp.learned().get(SEATTLE).accepted()).containsExactly("10.101.1.0/24");
        assertThat(events.recent(e -> true, 0, 10)).extracting(e -> e.body().getClass().getSimpleName())
                .containsExactly("BgpSessionChanged", "RouteLearned", "RouteRejected");
        assertThat(new BgpSessionStore(db).all()).singleElement().satisfies(s -> assertThat(s.accepted()).containsExactly("10.101.1.0/24"));

        // a step that changes neither sessions nor intent judges nothing again
        var learned = bgp.learned();
        step(NetworkDelta.tick(NOW));
        assertThat(bgp.learned()).isSameAs(learned);
        // nor does a report the image does not take (not Seattle's edge)
        step(routes("edge-dub", "10.101.9.0/24"));
        assertThat(bgp.learned()).isSameAs(learned);
        assertThat(events.recent(e -> true, 0, 10)).hasSize(3);
    }

    @Test
    void aRestartStartsFromWhatWasStoredAndWhatWasAccepted() {
        step(routes("edge-sea", "10.101.1.0/24"));
        RouteService.Restored restored = RouteService.restore(new BgpSessionStore(db), NOW);
        assertThat(restored.sessions().sessions().get(SEATTLE).state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(restored.sessions().awaySince()).containsKey("edge-sea");
        RouteService again = new RouteService(new BgpSessionStore(db), events, clock,
                image.restored(image.sids(), image.keys(), restored.sessions()), restored.accepted());
        assertThat(again.learned().get(SEATTLE).accepted()).containsExactly("10.101.1.0/24");
    }

    @Test
    void aDeletedAttachmentsSessionLeavesTheStore() {
        step(routes("edge-sea", "10.101.1.0/24"));
        ResourceImage without = image.intent().apply(List.of(), List.of(SEATTLE));
        step(NetworkDelta.intent(new NetworkDelta.IntentDelta(2, image.intent(), without, List.of())));
        assertThat(new BgpSessionStore(db).all()).isEmpty();
        assertThat(bgp.learned()).doesNotContainKey(SEATTLE);
        assertThat(bgp.results()).doesNotContainKey(SEATTLE);
    }
}

package dev.galactic.controller.paths;

import dev.galactic.controller.PublisherFixture;
import dev.galactic.controller.events.Event;
import dev.galactic.controller.events.EventBody;
import dev.galactic.controller.events.EventHub;
import dev.galactic.controller.sla.SlaService;
import dev.galactic.controller.events.PathCause;
import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.image.NetworkImage;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.pce.PathGovernor;
import dev.galactic.core.pce.PathResult;
import dev.galactic.core.sla.SlaMonitorConfig;
import dev.galactic.core.telemetry.EpochNanos;
import dev.galactic.core.telemetry.LinkEvent;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;
import dev.galactic.core.telemetry.LinkStatus;
import dev.galactic.core.telemetry.ProbeType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The paths publisher as a function of (delta, image): no HTTP, no telemetry thread, no loop thread. */
class PathServicePublishTest extends PublisherFixture {

    PathService paths;
    final ResourceImage intent = examples("backbone.yaml", "acme-l3vpn-traffic-classes.yaml");

    @BeforeEach
    void start() {
        paths = new PathService(events, clock, PathGovernor.Config.DEFAULTS);
    }

    /** One step of the loop as far as paths go: the publisher, then the status publisher's exposing. */
    void publish(NetworkDelta delta, NetworkImage image) {
        paths.publish(delta, image);
        paths.expose();
    }

    /** Every inventory link measured at its nominal latency, both ways; {@code down} not answering. */
    Map<LinkId, LinkState> measured(LinkId... down) {
        Map<LinkId, LinkState> out = new HashMap<>();
        for (Resource l : intent.list(Kind.LINK)) {
            LinkSpec s = l.spec(LinkSpec.class);
            double ms = s.latencyMs() == null ? 10 : s.latencyMs();
            for (LinkId id : List.of(LinkId.of(s.a(), s.b()), LinkId.of(s.b(), s.a()))) {
                boolean isDown = List.of(down).contains(id) || List.of(down).contains(id.reversed());
                out.put(id, new LinkState(id, isDown ? LinkStatus.DOWN : LinkStatus.UP, ms, 0.1, isDown ? 100 : 0, null, null, 50,
                        EpochNanos.of(NOW), ProbeType.UDP));
            }
        }
        return Map.copyOf(out);
    }

    PathResult interactive() {
        return paths.results().stream().filter(r -> r.tenant().equals("acme") && r.trafficClass().equals("interactive")
                && r.from().equals("berlin-office") && r.to().equals("boston-cloud")).findFirst().orElseThrow();
    }

    @Test
    void committedIntentComputesEveryDemandAndHandsTheRendererItsPaths() {
        NetworkImage image = NetworkImage.of(1, intent).apply(NetworkDelta.links(new NetworkDelta.LinksDelta(List.of(), measured())));
        publish(NetworkDelta.intent(new NetworkDelta.IntentDelta(1, ResourceImage.EMPTY, intent, List.of())), image);

        assertThat(interactive().primary()).isNotNull();
        assertThat(paths.results()).allSatisfy(r -> assertThat(r.tenant()).isEqualTo("acme"));
        assertThat(paths.tenantPaths()).anySatisfy(p -> assertThat(p.hops().getFirst()).isEqualTo("edge-ber"));
        assertThat(paths.computedGeneration(new dev.galactic.core.model.ResourceKey(Kind.VPC, "acme", "prod"))).isNotNull();
        // the first computation moves nothing: no path was programmed before it
        assertThat(events.recent(e -> true, 0, 100)).noneMatch(e -> e.body() instanceof EventBody.PathChanged);
    }

    @Test
    void aLinkGoingDownMovesThePathsOnItAndTheChangeNamesThatLinkEvent() {
        NetworkImage image = NetworkImage.of(1, intent).apply(NetworkDelta.links(new NetworkDelta.LinksDelta(List.of(), measured())));
        publish(NetworkDelta.intent(new NetworkDelta.IntentDelta(1, ResourceImage.EMPTY, intent, List.of())), image);
        List<String> before = interactive().primary().nodes();
        LinkId hop = LinkId.of(before.get(1), before.get(2));

        Map<LinkId, LinkState> after = measured(hop);
        LinkEvent wentDown = new LinkEvent.StatusChanged(hop, LinkStatus.UP, LinkStatus.DOWN, after.get(hop), EpochNanos.of(NOW));
        NetworkDelta delta = NetworkDelta.links(new NetworkDelta.LinksDelta(List.of(wentDown), after, Map.of(hop, 77L)));
        publish(delta, image.apply(delta));

        List<String> now = interactive().primary().nodes();
        assertThat(String.join(" ", now)).doesNotContain(hop.from() + " " + hop.to());
        Event moved = events.recent(e -> e.body() instanceof EventBody.PathChanged c && c.demand().trafficClass().equals("interactive")
                && c.demand().from().equals("berlin-office") && c.demand().to().equals("boston-cloud"), 0, 10).getLast();
        var change = (EventBody.PathChanged) moved.body();
        assertThat(change.before()).isEqualTo(before);
        assertThat(change.after()).isEqualTo(now);
        assertThat(change.decision()).isEqualTo(PathGovernor.Action.LEFT_BROKEN);
        assertThat(change.cause()).isEqualTo(new PathCause.LinkChanged(wentDown, 77, 0));
        assertThat(moved.tenant()).isEqualTo("acme");
    }

    @Test
    void theFirstStepComputesInFullWhateverItCarriesAndALaterTickRecomputesNothing() {
        NetworkImage image = NetworkImage.of(1, intent).apply(NetworkDelta.links(new NetworkDelta.LinksDelta(List.of(), measured())));
        publish(NetworkDelta.tick(NOW), image);
        List<PathResult> first = paths.results();
        assertThat(first).isNotEmpty();
        publish(NetworkDelta.tick(NOW), image);
        assertThat(paths.results()).isSameAs(first);
    }
    @Test
    void theSlaPublisherJudgesNewPathsAtOnceAndThePathsInForceEverySecond() {
        java.util.concurrent.atomic.AtomicReference<Instant> at = new java.util.concurrent.atomic.AtomicReference<>(NOW);
        Clock ticking = new Clock() {
            @Override
            public ZoneOffset getZone() { return ZoneOffset.UTC; }

            @Override
            public Clock withZone(java.time.ZoneId zone) { return this; }

            @Override
            public Instant instant() { return at.get(); }
        };
        SlaService sla = new SlaService(events, ticking, SlaMonitorConfig.DEFAULTS, paths::programmed, new dev.galactic.controller.store.SlaComplianceStore(db));
        NetworkImage image = NetworkImage.of(1, intent).apply(NetworkDelta.links(new NetworkDelta.LinksDelta(List.of(), measured())));
        NetworkDelta committed = NetworkDelta.intent(new NetworkDelta.IntentDelta(1, ResourceImage.EMPTY, intent, List.of()));
        publish(committed, image);
        sla.publish(committed, image);
        assertThat(sla.sla(interactive()).measured()).isTrue();
        assertThat(sla.sla(interactive()).violation()).isNull();

        // a hop of the path starts losing 5% without a link event: the next judgement, a second on, sees it
        List<String> hops = interactive().primary().nodes();
        LinkId hop = LinkId.of(hops.get(1), hops.get(2));
        Map<LinkId, LinkState> lossy = new HashMap<>(measured());
        LinkState s = lossy.get(hop);
        lossy.put(hop, new LinkState(hop, LinkStatus.UP, s.latencyMs(), s.jitterMs(), 5, null, null, 50, s.measuredAtNanos(), ProbeType.UDP));
        NetworkImage degraded = image.apply(NetworkDelta.links(new NetworkDelta.LinksDelta(List.of(), lossy)));
        sla.publish(NetworkDelta.tick(NOW), degraded);
        assertThat(sla.sla(interactive()).violation()).as("not due yet").isNull();
        at.set(NOW.plus(SlaService.EVERY));
        sla.publish(NetworkDelta.tick(at.get()), degraded);
        assertThat(sla.sla(interactive()).violation()).contains("loss");
        assertThat(events.recent(e -> e.body() instanceof EventBody.SlaViolated v && v.opened()
                && v.demand().equals(dev.galactic.core.pce.DemandKey.of(interactive())), 0, 10)).hasSize(1);

        // a minute on, the history goes to the store; a restarted publisher reports the same compliance
        at.set(NOW.plus(SlaService.SAVE_EVERY));
        Map<LinkId, LinkState> fresh = new HashMap<>();
        degraded.links().forEach((id, st) -> fresh.put(id, new LinkState(id, st.status(), st.latencyMs(), st.jitterMs(), st.lossPercent(),
                st.availableBandwidthMbps(), st.rtt(), st.sampleCount(), EpochNanos.of(at.get()), st.source())));
        sla.publish(NetworkDelta.tick(at.get()), degraded.apply(NetworkDelta.links(new NetworkDelta.LinksDelta(List.of(), fresh))));
        long from = EpochNanos.of(NOW.minusSeconds(3600)), to = EpochNanos.of(at.get());
        var before = sla.monitor().compliance("acme", "interactive", from, to);
        assertThat(before.observedNanos()).isPositive();
        assertThat(before.observedNanos()).as("the minute's judgement is in what was kept").isGreaterThan(60_000_000_000L);
        assertThat(before.fraction()).isLessThan(1.0);
        SlaService restarted = new SlaService(events, ticking, SlaMonitorConfig.DEFAULTS, paths::programmed, new dev.galactic.controller.store.SlaComplianceStore(db));
        assertThat(restarted.monitor().compliance("acme", "interactive", from, to)).isEqualTo(before);
    }
}

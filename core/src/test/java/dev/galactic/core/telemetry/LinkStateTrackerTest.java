package dev.galactic.core.telemetry;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LinkStateTrackerTest {

    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;
    static final long T0 = 1_764_000_000L * S;
    static final LinkId L = LinkId.of("core1", "core2");

    /** UDP probes every 100 ms in [from, to) with the given RTT; every lossEvery-th lost (0: none). */
    static List<Sample> udp(long from, long to, long rtt, int lossEvery, long firstSeq) {
        List<Sample> out = new ArrayList<>();
        long seq = firstSeq;
        for (long t = from; t < to; t += 100 * MS, seq++) {
            out.add(lossEvery > 0 && seq % lossEvery == 0 ? Sample.Echo.lost(L, ProbeType.UDP, seq, t)
                    : Sample.Echo.reply(L, ProbeType.UDP, seq, t, rtt));
        }
        return out;
    }

    @Test
    void linkComesUpWithFiguresAndGoesDownWhenStale() {
        LinkStateTracker tr = new LinkStateTracker(TrackerConfig.DEFAULTS);
        tr.expect(L);
        assertThat(tr.evaluate(T0)).isEmpty();
        List<LinkEvent> up = tr.observe(udp(T0, T0 + 2 * S, 20 * MS, 0, 0), T0 + 2 * S);
        assertThat(up).singleElement().isInstanceOfSatisfying(LinkEvent.StatusChanged.class, e -> {
            assertThat(e.from()).isEqualTo(LinkStatus.DOWN);
            assertThat(e.to()).isEqualTo(LinkStatus.UP);
            assertThat(e.state().latencyMs()).isCloseTo(10.0, within(10.0 / 64 + 0.001));
            assertThat(e.state().lossPercent()).isZero();
            assertThat(e.state().sampleCount()).isEqualTo(20);
            assertThat(e.state().source()).isEqualTo(ProbeType.UDP);
            assertThat(e.cause()).contains("went down → up");
        });
        // staleness is 5 s: still up at +6.9 s (last reply at +1.9 s), down after
        assertThat(tr.evaluate(T0 + 6_900 * MS)).isEmpty();
        List<LinkEvent> down = tr.evaluate(T0 + 7_000 * MS);
        assertThat(down).singleElement().isInstanceOfSatisfying(LinkEvent.StatusChanged.class, e -> {
            assertThat(e.to()).isEqualTo(LinkStatus.DOWN);
            assertThat(e.state().lossPercent()).isEqualTo(100);
        });
    }

    /** The same probes sent from the far end, towards core1. */
    static List<Sample> fromFarEnd(List<Sample> samples) {
        return samples.stream().map(s -> (Sample) switch (s) {
            case Sample.Echo e when e.lost() -> Sample.Echo.lost(L.reversed(), e.type(), e.sequence(), e.timestampNanos());
            case Sample.Echo e -> Sample.Echo.reply(L.reversed(), e.type(), e.sequence(), e.timestampNanos(), e.rttNanos());
            default -> s;
        }).toList();
    }

    @Test
    void aLossTheFarEndsProbesSeeIsLossOnBothDirectionsRoundTrips() {
        LinkStateTracker tr = new LinkStateTracker(TrackerConfig.DEFAULTS);
        List<Sample> clean = new ArrayList<>(udp(T0, T0 + 2 * S, 20 * MS, 0, 0));
        clean.addAll(fromFarEnd(udp(T0, T0 + 2 * S, 30 * MS, 0, 0)));
        tr.observe(clean, T0 + 2 * S);
        // only the far end's probes happen to be lost: a round trip crosses the link both ways,
        // so core1->core2 reports the loss too (pooled: 1 of 40 probes), at once
        List<Sample> next = new ArrayList<>(udp(T0 + 2 * S, T0 + 3 * S, 20 * MS, 0, 20));
        next.addAll(fromFarEnd(udp(T0 + 2 * S, T0 + 3 * S, 30 * MS, 10, 20)));
        List<LinkEvent> events = tr.observe(next, T0 + 3 * S);
        assertThat(events).extracting(LinkEvent::link).containsExactly(L, L.reversed());
        assertThat(events).allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(LinkEvent.MetricsChanged.class,
                m -> assertThat(m.metrics()).contains(LinkMetric.LOSS)));
        // the event names its cause (new loss), not the status it kept
        assertThat(events.getFirst().cause()).contains("loss 0.0% → 1.7%").doesNotContain("is now up");
        assertThat(tr.state(L, T0 + 3 * S).lossPercent()).isCloseTo(100.0 / 60, within(1e-9));
        // each direction keeps its own latency
        assertThat(tr.state(L, T0 + 3 * S).latencyMs()).isCloseTo(10.0, within(0.2));
        assertThat(tr.state(L.reversed(), T0 + 3 * S).latencyMs()).isCloseTo(15.0, within(0.3));
        // a far end that stopped answering says nothing: its old loss no longer counts
        tr.observe(udp(T0 + 3 * S, T0 + 9 * S, 20 * MS, 0, 30), T0 + 9 * S);
        assertThat(tr.state(L, T0 + 9 * S).lossPercent()).isZero();
        assertThat(tr.state(L.reversed(), T0 + 9 * S).status()).isEqualTo(LinkStatus.DOWN);
    }

    @Test
    void anAwayAgentsLinksKeepTheirStateForTheGraceThenGoDown() {
        LinkStateTracker tr = new LinkStateTracker(TrackerConfig.DEFAULTS);
        tr.observe(udp(T0, T0 + 2 * S, 20 * MS, 0, 0), T0 + 2 * S);
        tr.agentAway("core2", T0 + 2 * S, 30 * S);
        // the other agent's probes towards core2's dead reflector all fail: not evidence while it is away
        assertThat(tr.observe(udp(T0 + 2 * S, T0 + 20 * S, 20 * MS, 1, 20), T0 + 20 * S)).isEmpty();
        assertThat(tr.samplesWhileAway()).isEqualTo(180);
        assertThat(tr.state(L, T0 + 20 * S).status()).isEqualTo(LinkStatus.UP);
        assertThat(tr.states(T0 + 20 * S).get(L).latencyMs()).isCloseTo(10.0, within(0.2));
        // the grace ends: no fresh samples, so the link is down
        assertThat(tr.evaluate(T0 + 32 * S)).singleElement().isInstanceOfSatisfying(LinkEvent.StatusChanged.class,
                e -> assertThat(e.to()).isEqualTo(LinkStatus.DOWN));
    }

    @Test
    void whileAnAgentIsAwayThePingsItsKernelAnswersStillCount() {
        LinkStateTracker tr = new LinkStateTracker(TrackerConfig.DEFAULTS);
        tr.observe(udp(T0, T0 + 2 * S, 20 * MS, 0, 0), T0 + 2 * S);
        tr.agentAway("core2", T0 + 2 * S, 30 * S);
        List<Sample> pings = new ArrayList<>();
        for (long t = T0 + 2 * S, seq = 0; t < T0 + 12 * S; t += 500 * MS, seq++) pings.add(Sample.Echo.reply(L, ProbeType.ICMP, seq, t, 24 * MS));
        tr.observe(pings, T0 + 12 * S);
        LinkState s = tr.state(L, T0 + 12 * S);
        assertThat(s.status()).isEqualTo(LinkStatus.UP);
        assertThat(s.source()).isEqualTo(ProbeType.ICMP);
        assertThat(s.latencyMs()).isCloseTo(12.0, within(0.5));
        assertThat(tr.samplesWhileAway()).isZero();
    }

    @Test
    void aReturningAgentsLinksSettleOnFreshSamplesWithoutAnEvent() {
        LinkStateTracker tr = new LinkStateTracker(TrackerConfig.DEFAULTS);
        tr.observe(udp(T0, T0 + 2 * S, 20 * MS, 0, 0), T0 + 2 * S);
        tr.agentAway("core1", T0 + 2 * S, 30 * S);
        assertThat(tr.evaluate(T0 + 9 * S)).isEmpty();
        tr.agentBack("core1", T0 + 9 * S, 3 * S, 30 * S);
        // within the settle time the reported state stands although the windows are stale
        assertThat(tr.evaluate(T0 + 10 * S)).isEmpty();
        assertThat(tr.state(L, T0 + 10 * S).up()).isTrue();
        // fresh samples arrive; after the settle time the link is judged by them: unchanged, no event
        assertThat(tr.observe(udp(T0 + 10 * S, T0 + 13 * S, 20 * MS, 0, 100), T0 + 13 * S)).isEmpty();
        assertThat(tr.samplesWhileAway()).isZero();
        // and a real failure after that is seen as before
        assertThat(tr.observe(udp(T0 + 13 * S, T0 + 20 * S, 20 * MS, 1, 200), T0 + 20 * S)).singleElement()
                .extracting(LinkEvent::state).extracting(LinkState::status).isEqualTo(LinkStatus.DOWN);
    }

    @Test
    void aReturningAgentThatIsSlowToProbeKeepsItsLinksUntilItsOwnSamplesHaveSettled() {
        LinkStateTracker tr = new LinkStateTracker(TrackerConfig.DEFAULTS);
        tr.observe(udp(T0, T0 + 2 * S, 20 * MS, 0, 0), T0 + 2 * S);
        tr.agentAway("core1", T0 + 2 * S, 30 * S);
        tr.agentBack("core1", T0 + 4 * S, 3 * S, 30 * S);
        // connected, but a loaded machine starts its probes seconds later: longer than the settle time
        assertThat(tr.evaluate(T0 + 12 * S)).isEmpty();
        assertThat(tr.state(L, T0 + 12 * S).up()).isTrue();
        // its first probes are lost (the far end's reflector is still catching up): within the settle
        // time that starts now, not evidence of a dead link
        assertThat(tr.observe(udp(T0 + 12 * S, T0 + 13 * S, 20 * MS, 1, 0), T0 + 13 * S)).isEmpty();
        assertThat(tr.observe(udp(T0 + 13 * S, T0 + 15 * S, 20 * MS, 1, 50), T0 + 15 * S)).isEmpty();
        // then it is judged by its samples as any link
        assertThat(tr.observe(udp(T0 + 15 * S, T0 + 17 * S, 20 * MS, 1, 150), T0 + 17 * S)).singleElement()
                .extracting(LinkEvent::state).extracting(LinkState::status).isEqualTo(LinkStatus.DOWN);
    }

    @Test
    void aReturningAgentThatNeverProbesIsJudgedByTheMissingSamplesAfterTheMaximumWait() {
        LinkStateTracker tr = new LinkStateTracker(TrackerConfig.DEFAULTS);
        tr.observe(udp(T0, T0 + 2 * S, 20 * MS, 0, 0), T0 + 2 * S);
        tr.agentAway("core1", T0 + 2 * S, 30 * S);
        tr.agentBack("core1", T0 + 4 * S, 3 * S, 20 * S);
        assertThat(tr.evaluate(T0 + 23 * S)).isEmpty();
        assertThat(tr.evaluate(T0 + 24 * S)).singleElement().isInstanceOfSatisfying(LinkEvent.StatusChanged.class,
                e -> assertThat(e.to()).isEqualTo(LinkStatus.DOWN));
    }

    @Test
    void allProbesLostMeansDown() {
        LinkStateTracker tr = new LinkStateTracker(TrackerConfig.DEFAULTS);
        tr.observe(udp(T0, T0 + S, 20 * MS, 0, 0), T0 + S);
        assertThat(tr.observe(udp(T0 + S, T0 + 8 * S, 20 * MS, 1, 10), T0 + 8 * S))
                .singleElement().extracting(LinkEvent::state).extracting(LinkState::status).isEqualTo(LinkStatus.DOWN);
    }

    @Test
    void smallChangesStayQuietAndLargeOnesAreReported() {
        LinkStateTracker tr = new LinkStateTracker(TrackerConfig.DEFAULTS);
        long t = T0;
        tr.observe(udp(t, t + S, 20 * MS, 0, 0), t + S);
        t += S;
        // 20 -> 21 ms RTT: one-way 10 -> 10.5 ms, 5% < 10% relative step
        assertThat(tr.observe(udp(t, t + 60 * S, 21 * MS, 0, 10), t + 60 * S)).isEmpty();
        t += 60 * S;
        // 21 -> 30 ms RTT: one-way +4.5 ms, well over both steps
        List<LinkEvent> ev = tr.observe(udp(t, t + 60 * S, 30 * MS, 0, 1000), t + 60 * S);
        assertThat(ev).singleElement().isInstanceOfSatisfying(LinkEvent.MetricsChanged.class, e -> {
            assertThat(e.metrics()).containsExactly(LinkMetric.LATENCY);
            assertThat(e.previous().latencyMs()).isCloseTo(10.0, within(0.2));
            assertThat(e.state().latencyMs()).isCloseTo(15.0, within(0.3));
        });
        t += 60 * S;
        // 10% loss over the window: loss moves by more than 0.5 points
        List<LinkEvent> loss = tr.observe(udp(t, t + 60 * S, 30 * MS, 10, 2000), t + 60 * S);
        assertThat(loss).singleElement().isInstanceOfSatisfying(LinkEvent.MetricsChanged.class,
                e -> assertThat(e.state().lossPercent()).isCloseTo(10.0, within(0.5)));
    }

    @Test
    void degradedMeansWorseThanTheLinksOwnBaseline() {
        TrackerConfig cfg = TrackerConfig.DEFAULTS.withBaseline(
                new Baseline(600 * S, 10, 4, new Baseline.Threshold(1.0, 0.25), new Baseline.Threshold(1.0, 0),
                        new Baseline.Threshold(1.0, 0.5), 5));
        LinkStateTracker tr = new LinkStateTracker(cfg);
        long t = T0;
        long seq = 0;
        // a steady 80 ms link (a long-haul one): usual for it, so not degraded
        for (int i = 0; i < 30; i++, t += S, seq += 10) {
            List<LinkEvent> ev = tr.observe(udp(t, t + S, 80 * MS, 0, seq), t + S);
            ev.forEach(e -> assertThat(e.state().status()).isEqualTo(LinkStatus.UP));
        }
        // RTT doubles: far outside what is usual for this link
        List<LinkEvent> ev = new ArrayList<>();
        for (int i = 0; i < 60; i++, t += S, seq += 10) {
            ev.addAll(tr.observe(udp(t, t + S, 160 * MS, 0, seq), t + S));
        }
        assertThat(ev).filteredOn(e -> e instanceof LinkEvent.StatusChanged)
                .extracting(e -> ((LinkEvent.StatusChanged) e).to()).first().isEqualTo(LinkStatus.DEGRADED);
    }

    @Test
    void aDegradedLinkRecoversOnlyAfterLookingUsualSeveralTimesInARow() {
        // a 2 s window so the figures follow the probes within one evaluation
        TrackerConfig cfg = TrackerConfig.DEFAULTS.withWindow(new WindowConfig(2 * S, 2, 5, 5 * S)).withBaseline(
                new Baseline(600 * S, 10, 4, new Baseline.Threshold(1.0, 0.25), new Baseline.Threshold(1.0, 0),
                        new Baseline.Threshold(1.0, 0.5), 5));
        LinkStateTracker tr = new LinkStateTracker(cfg);
        long t = T0, seq = 0;
        List<LinkStatus> transitions = new ArrayList<>();
        for (int i = 0; i < 40; i++, t += S, seq += 10) {
            long rtt = i < 20 ? 80 * MS : i < 25 ? 160 * MS : i < 27 ? 80 * MS : i < 28 ? 160 * MS : 80 * MS;
            for (LinkEvent e : tr.observe(udp(t, t + S, rtt, 0, seq), t + S)) {
                if (e instanceof LinkEvent.StatusChanged sc) transitions.add(sc.to());
            }
            if (i == 31) {
                // normal since i = 28: four calm evaluations, still held
                assertThat(tr.state(L, t + S).status()).isEqualTo(LinkStatus.DEGRADED);
            }
        }
        // the blip back to normal at 25-26 and the relapse at 27 do not flap; the fifth calm
        // evaluation in a row (i = 32) brings it up
        assertThat(transitions).containsExactly(LinkStatus.UP, LinkStatus.DEGRADED, LinkStatus.UP);
        assertThat(tr.state(L, t).status()).isEqualTo(LinkStatus.UP);
    }

    @Test
    void udpIsPreferredAndIcmpTakesOverWhenUdpIsStale() {
        LinkStateTracker tr = new LinkStateTracker(TrackerConfig.DEFAULTS);
        tr.record(Sample.Echo.reply(L, ProbeType.UDP, 1, T0, 10 * MS));
        tr.record(Sample.Echo.reply(L, ProbeType.ICMP, 1, T0 + 5 * S, 30 * MS));
        assertThat(tr.state(L, T0 + S).source()).isEqualTo(ProbeType.UDP);
        LinkState later = tr.state(L, T0 + 6 * S);
        assertThat(later.source()).isEqualTo(ProbeType.ICMP);
        assertThat(later.latencyMs()).isCloseTo(15.0, within(0.3));
    }

    @Test
    void bandwidthComesFromTheLastIperfRun() {
        LinkStateTracker tr = new LinkStateTracker(TrackerConfig.DEFAULTS);
        tr.record(Sample.Echo.reply(L, ProbeType.UDP, 1, T0, 10 * MS));
        tr.record(new Sample.Bandwidth(L, T0, 10 * S, 900, 0, 0));
        tr.record(new Sample.Bandwidth(L, T0 - S, 10 * S, 100, 0, 0)); // older, arrives late
        assertThat(tr.state(L, T0).availableBandwidthMbps()).isEqualTo(900);
        // the next run is due a period (30 min) later and may be pushed back: the figure stands past it
        assertThat(tr.state(L, T0 + 31 * 60 * S).availableBandwidthMbps()).isEqualTo(900);
        assertThat(tr.state(L, T0 + 76 * 60 * S).availableBandwidthMbps()).isNull();
    }

    @Test
    void fiveProbesLostInARowTakeALinkDownAtOnceAndAReplyBringsItBack() {
        LinkStateTracker tr = new LinkStateTracker(TrackerConfig.DEFAULTS);
        tr.observe(udp(T0, T0 + 2 * S, 20 * MS, 0, 0), T0 + 2 * S);
        // four lost: loss appears (news), the link is still up
        List<Sample> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) four.add(Sample.Echo.lost(L, ProbeType.UDP, 20 + i, T0 + 2 * S + i * 100 * MS));
        assertThat(tr.observe(four, T0 + 2_400 * MS)).singleElement().isInstanceOfSatisfying(LinkEvent.MetricsChanged.class,
                e -> assertThat(e.metrics()).contains(LinkMetric.LOSS));
        assertThat(tr.state(L, T0 + 2_400 * MS).status()).isNotEqualTo(LinkStatus.DOWN);
        // the fifth: down, seconds before the last reply would be stale
        assertThat(tr.observe(List.of(Sample.Echo.lost(L, ProbeType.UDP, 24, T0 + 2_400 * MS)), T0 + 2_500 * MS))
                .singleElement().isInstanceOfSatisfying(LinkEvent.StatusChanged.class, e -> assertThat(e.to()).isEqualTo(LinkStatus.DOWN));
        assertThat(tr.observe(udp(T0 + 2_500 * MS, T0 + 2_600 * MS, 20 * MS, 0, 25), T0 + 2_600 * MS))
                .singleElement().isInstanceOfSatisfying(LinkEvent.StatusChanged.class, e -> assertThat(e.from()).isEqualTo(LinkStatus.DOWN));
    }

    @Test
    void aSingleLostProbeOnACleanLinkIsNewsThoughTinyInTheWindow() {
        LinkStateTracker tr = new LinkStateTracker(TrackerConfig.DEFAULTS);
        tr.observe(udp(T0, T0 + 50 * S, 20 * MS, 0, 0), T0 + 50 * S);
        List<LinkEvent> evs = tr.observe(List.of(Sample.Echo.lost(L, ProbeType.UDP, 500, T0 + 50 * S)), T0 + 50_100 * MS);
        assertThat(evs).singleElement().isInstanceOfSatisfying(LinkEvent.MetricsChanged.class, e -> {
            assertThat(e.metrics()).containsExactly(LinkMetric.LOSS);
            assertThat(e.state().lossPercent()).isGreaterThan(0).isLessThan(0.5);
        });
        // once more lost probes stay below the hysteresis step, nothing more is said
        assertThat(tr.observe(List.of(Sample.Echo.lost(L, ProbeType.UDP, 501, T0 + 50_100 * MS)), T0 + 50_200 * MS)).isEmpty();
    }

    @Test
    void aLinkThatGotSlowerSaysSoWithinItsNewestReplies() {
        LinkStateTracker tr = new LinkStateTracker(TrackerConfig.DEFAULTS);
        tr.observe(udp(T0, T0 + 50 * S, 20 * MS, 0, 0), T0 + 50 * S);
        // +30 ms one way = +60 ms RTT: five of the newest eight replies carrying it are not enough
        assertThat(tr.observe(udp(T0 + 50 * S, T0 + 50_500 * MS, 80 * MS, 0, 500), T0 + 50_500 * MS))
                .noneMatch(e -> e instanceof LinkEvent.MetricsChanged m && m.metrics().contains(LinkMetric.LATENCY));
        assertThat(tr.state(L, T0 + 50_500 * MS).latencyMs()).isCloseTo(10.0, within(0.2));
        // six are (and a noisy minority, slow or not, cannot move the estimate either way)
        List<LinkEvent> evs = tr.observe(udp(T0 + 50_500 * MS, T0 + 50_600 * MS, 80 * MS, 0, 505), T0 + 50_600 * MS);
        assertThat(evs).singleElement().isInstanceOfSatisfying(LinkEvent.MetricsChanged.class, e -> {
            assertThat(e.metrics()).contains(LinkMetric.LATENCY);
            assertThat(e.state().latencyMs()).isCloseTo(40.0, within(0.5));
        });
    }
}

package dev.galactic.core.pce;

import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.model.TrafficClassSpec.Mode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.galactic.core.pce.Fixtures.cls;
import static dev.galactic.core.pce.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

/** Anti-flap: leave a broken path at once, come back to a better one only after the hold-down, once. */
class PathGovernorTest {

    static final long S = 1_000_000_000L;
    static final TrafficClassSpec FAST = cls(Mode.LOWEST_LATENCY, 10.0, null, null, null);
    static final TenantIntent T = intent("acme", PceScenarioTest.PLAIN, Map.of("s1", "e1", "s2", "e2"), Map.of("fast", FAST));
    static final PathGovernor.ClassOf CLASS = new PathGovernor.ClassOf(TrafficClass.of("fast", FAST), 0);

    final PathGovernor governor = new PathGovernor(new PathGovernor.Config(dev.galactic.core.metric.Hysteresis.ROUTING, 10 * S));

    /** The PCE's result for s1 -> s2 over the network with c--d at {@code cdMs}, through the governor at {@code t}. */
    PathGovernor.Decision at(long t, double cdMs) {
        Network g = PceScenarioTest.net(Map.of("c--d", new double[]{cdMs, 0, 0}));
        List<PathResult> computed = Pce.compute(g, List.of(T)).results();
        return governor.govern(g, computed, r -> CLASS, t).stream().filter(d -> d.key().from().equals("s1") && d.key().to().equals("s2")).findFirst().orElseThrow();
    }

    static List<String> nodes(PathGovernor.Decision d) {
        return d.programmed().primary().nodes();
    }

    @Test
    void aBrokenPathIsLeftAtOnceAndTheBetterOneTakenBackOnlyAfterTheHoldDownOnce() {
        PathGovernor.Decision d = at(0, 1);
        assertThat(d.action()).isEqualTo(PathGovernor.Action.TAKEN);
        assertThat(nodes(d)).containsExactly("e1", "a", "c", "d", "e2");

        // c--d degrades to 20 ms: the fast path is 25 ms, over the class's 10 ms: left at once
        d = at(1 * S, 20);
        assertThat(d.action()).isEqualTo(PathGovernor.Action.LEFT_BROKEN);
        assertThat(nodes(d)).containsExactly("e1", "b", "e2");
        assertThat(d.reason()).contains("breaks");

        // c--d recovers: 6 ms beats 8 ms by more than the margin, but the path moved 1 s ago
        d = at(2 * S, 1);
        assertThat(d.action()).isEqualTo(PathGovernor.Action.SUPPRESSED);
        assertThat(nodes(d)).containsExactly("e1", "b", "e2");
        assertThat(d.candidate().primary().nodes()).containsExactly("e1", "a", "c", "d", "e2");
        assertThat(d.holdUntilNanos()).isEqualTo(11 * S);
        assertThat(d.reason()).contains("held down 9.0 s more");
        assertThat(PathGovernor.nextWake(List.of(d))).hasValue(11 * S);
        assertThat(at(10 * S, 1).action()).isEqualTo(PathGovernor.Action.SUPPRESSED);

        d = at(11 * S, 1);
        assertThat(d.action()).isEqualTo(PathGovernor.Action.IMPROVED);
        assertThat(nodes(d)).containsExactly("e1", "a", "c", "d", "e2");
        // and that was the only move back
        assertThat(at(12 * S, 1).action()).isEqualTo(PathGovernor.Action.TAKEN);
        assertThat(at(30 * S, 1).moved()).isFalse();
    }

    @Test
    void theFirstMoveOfADemandWaitsForNoHoldDown() {
        at(0, 20);                                   // programmed: e1 b e2; nothing moved yet
        assertThat(at(1 * S, 1).action()).isEqualTo(PathGovernor.Action.IMPROVED);
    }

    @Test
    void aForgottenDemandTakesItsComputedPathAtOnce() {
        at(0, 20);
        at(1 * S, 1);                                // moved to the fast path
        at(2 * S, 20);                               // and away again: the way back is held down
        assertThat(at(3 * S, 1).action()).isEqualTo(PathGovernor.Action.SUPPRESSED);
        governor.forget(k -> k.tenant().equals("acme"));                    // the tenant changed its VPC
        PathGovernor.Decision d = at(4 * S, 1);
        assertThat(d.action()).isEqualTo(PathGovernor.Action.TAKEN);
        assertThat(nodes(d)).containsExactly("e1", "a", "c", "d", "e2");
    }

    @Test
    void aCandidateWithinTheMarginDoesNotMoveTraffic() {
        at(0, 20);                     // programmed: e1 b e2, 8 ms (the fast path is 24 ms)
        PathGovernor.Decision d = at(20 * S, 2.5);   // fast path 6.5 ms: 1.5 ms better, beyond the margin max(1 ms, 10%)
        assertThat(d.action()).isEqualTo(PathGovernor.Action.IMPROVED);
        at(40 * S, 20);
        d = at(60 * S, 3.5);           // fast path 7.5 ms vs 8 ms: 0.5 ms better, within the 1 ms margin
        assertThat(d.action()).isEqualTo(PathGovernor.Action.KEPT);
        assertThat(nodes(d)).containsExactly("e1", "b", "e2");
        assertThat(d.programmed().primary().metrics().latencyMs()).isEqualTo(8.0);
    }

    @Test
    void anOscillatingLinkMovesTrafficAwayEachTimeButBackOnlyAfterEachHoldDown() {
        int moves = 0;
        long t = 0;
        at(t, 1);
        for (int i = 0; i < 20; i++) {
            t += S;
            // c--d at 20 ms, 1 ms, 20 ms, ... every second
            if (at(t, i % 2 == 0 ? 20 : 1).moved()) moves++;
        }
        // away at 1 s; the way back is held down until 11 s and taken at 12 s (the next time the link
        // looks good); away again at 13 s; held down for the rest: three moves, not twenty
        assertThat(moves).isEqualTo(3);
    }
}

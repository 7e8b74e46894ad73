package dev.galactic.core.pce;

import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.model.TrafficClassSpec.Mode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.galactic.core.pce.Fixtures.cls;
import static org.assertj.core.api.Assertions.assertThat;

/** The exact search's shared bounds, on the diamond of {@link PceScenarioTest}. */
class BoundCacheTest extends DiamondFixture {

    final BoundCache bounds = new BoundCache(g, trees, counters);

    long searches() { return count(Pce.Counter.BOUND_SEARCHES); }

    @Test
    void oneSearchServesEveryClassAndViewOfAnObjective() {
        Weights budgeted = weights(cls(Mode.LOWEST_LATENCY, 30.0, 5.0, 1.0, null));
        Weights zeroLoss = weights(new TrafficClassSpec(Mode.ZERO_LOSS, null, null, null, null));
        double[] first = bounds.forSearch(budgeted, view(List.of())).toTarget(ConstrainedSearch.OBJECTIVE, node("d"));
        double[] second = bounds.forSearch(zeroLoss, view(List.of("c"))).toTarget(ConstrainedSearch.OBJECTIVE, node("d"));
        assertThat(second).isSameAs(first);
        assertThat(searches()).isEqualTo(1);
        // the unconstrained latency weights over every core: a lower bound for both
        Weights open = trees.weights(TrafficClass.unconstrained(Objective.LATENCY), Objective.LATENCY, 0);
        assertThat(first).isEqualTo(ConstrainedSearch.coreBound(g, open, ConstrainedSearch.OBJECTIVE, node("d"),
                new boolean[g.coreCount()], CoreHeap.of(g)));
    }

    @Test
    void anEdgeTargetsBoundIsItsBestLastLinkPlusThatCoresBound() {
        Weights w = weights(cls(Mode.LOWEST_LATENCY, 30.0, null, null, null));
        ConstrainedSearch.Bounds b = bounds.forSearch(w, view(List.of()));
        double[] toEdge = b.toTarget(ConstrainedSearch.OBJECTIVE, node("e2"));
        double[] viaD = b.toTarget(ConstrainedSearch.OBJECTIVE, node("d")), viaB = b.toTarget(ConstrainedSearch.OBJECTIVE, node("b"));
        Weights open = trees.weights(TrafficClass.unconstrained(Objective.LATENCY), Objective.LATENCY, 0);
        double lastD = open.w1[g.findLink(null, "d", "e2").orElseThrow()], lastB = open.w1[g.findLink(null, "b", "e2").orElseThrow()];
        for (int v = 0; v < g.coreCount(); v++) assertThat(toEdge[v]).isEqualTo(Math.min(viaD[v] + lastD, viaB[v] + lastB));
        assertThat(searches()).isEqualTo(2); // d's and b's; the edge's is composed from them
    }

    @Test
    void aDegradationKeepsTheBoundsAndAnImprovementDropsThem() {
        Weights w = weights(cls(Mode.LOWEST_LATENCY, 30.0, null, null, null));
        double[] before = bounds.forSearch(w, view(List.of())).toTarget(ConstrainedSearch.OBJECTIVE, node("d"));
        Network slower = g.withLinkState(Fixtures.state("c", "d", 9, 0, 0, 100), Freshness.IGNORE);
        bounds.moveTo(slower, true);
        assertThat(bounds.forSearch(w, view(List.of())).toTarget(ConstrainedSearch.OBJECTIVE, node("d"))).isSameAs(before);
        Network faster = slower.withLinkState(Fixtures.state("c", "d", 1, 0, 0, 100), Freshness.IGNORE);
        trees.moveTo(faster);
        bounds.moveTo(faster, false);
        double[] after = bounds.forSearch(w, view(List.of())).toTarget(ConstrainedSearch.OBJECTIVE, node("d"));
        assertThat(after).isNotSameAs(before);
        assertThat(searches()).isEqualTo(2);
    }
}

package dev.galactic.core.pce;

import dev.galactic.core.model.TrafficClassSpec.Mode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.galactic.core.pce.Fixtures.cls;
import static org.assertj.core.api.Assertions.assertThat;

/** Tree sharing, derivation and the update's redo, on the diamond of {@link PceScenarioTest}. */
class TreeCacheTest extends DiamondFixture {

    static void assertSameTree(ShortestPathTree a, ShortestPathTree b) {
        assertThat(a.d1).isEqualTo(b.d1);
        assertThat(a.d2).isEqualTo(b.d2);
        assertThat(a.pred).isEqualTo(b.pred);
    }

    @Test
    void classesThatAgreeOnEveryCoreLinkShareTrees() {
        // a 30 ms limit prunes no link of the diamond (the longest is 20 ms): the same core weights
        Weights plain = weights(cls(Mode.LOWEST_LATENCY, null, null, null, null));
        Weights limited = weights(cls(Mode.LOWEST_LATENCY, 30.0, null, null, null));
        Weights cost = weights(cls(Mode.LOWEST_COST, null, null, null, null));
        assertThat(limited).isNotSameAs(plain);
        TenantView open = view(List.of());
        ShortestPathTree t = trees.tree(trees.forest(plain, open), node("a"));
        assertThat(trees.tree(trees.forest(limited, open), node("a"))).isSameAs(t);
        assertThat(trees.tree(trees.forest(cost, open), node("a"))).isNotSameAs(t);
        assertThat(count(Pce.Counter.TREES)).isEqualTo(2);
        assertThat(count(Pce.Counter.TREES_SHARED)).isEqualTo(1);
    }

    @Test
    void anExcludedForestsTreeComesFromTheOpenOneAndEqualsASearch() {
        Weights w = weights(cls(Mode.LOWEST_LATENCY, null, null, null, null));
        TenantView avoidC = view(List.of("c"));
        Forest f = trees.forest(w, avoidC);
        ShortestPathTree t = trees.tree(f, node("a"));
        assertThat(count(Pce.Counter.TREES)).isEqualTo(1); // the open tree, searched once
        assertThat(count(Pce.Counter.TREES_DERIVED)).isEqualTo(1);
        assertSameTree(t, ShortestPathTree.compute(g, w, avoidC.blockedCores(), node("a"), CoreHeap.of(g)));
        assertThat(trees.forestCount()).isEqualTo(2);
    }

    @Test
    void followRedoesTheTreesTheLinkCanChangeAndNotesTheirChangedTargets() {
        Weights w = weights(cls(Mode.LOWEST_LATENCY, null, null, null, null));
        Forest f = trees.forest(w, view(List.of()));
        for (int s = 0; s < g.coreCount(); s++) trees.tree(f, s);
        ShortestPathTree[] before = f.trees.clone();
        // a's best path to d is a-c-d (4 ms); with c->d at 9 ms, a-b-d (10 ms) beats it
        int cd = g.findLink(null, "c", "d").orElseThrow();
        Network next = g.withLinkState(Fixtures.state("c", "d", 9, 0, 0, 100), Freshness.IGNORE);
        List<Forest> touched = trees.follow(next, cd);
        assertThat(touched).containsExactly(f);
        for (int s = 0; s < g.coreCount(); s++) {
            assertSameTree(f.trees[s], ShortestPathTree.compute(next, w, null, s, CoreHeap.of(next)));
            boolean used = before[s].uses(g, cd);
            assertThat(f.changes[s] != null).as("source %d", s).isEqualTo(used);
            if (!used) assertThat(f.trees[s]).isSameAs(before[s]);
        }
        assertThat(f.changes[node("a")][node("d")]).isTrue();
        assertThat(f.changes[node("a")][node("b")]).isFalse();
        trees.endUpdate(touched);
        assertThat(f.changes).isNull();
    }
}

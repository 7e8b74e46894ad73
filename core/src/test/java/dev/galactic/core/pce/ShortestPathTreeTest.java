package dev.galactic.core.pce;

import dev.galactic.core.model.TrafficClassSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ShortestPathTreeTest {

    /** The scanned list (dense cores) pops in the heap's order, so trees and bounds are bit-identical either way. */
    @Property(tries = 100)
    void scannedQueueBuildsTheHeapsTrees(@ForAll long seed) {
        Network g = Scenario.random(seed).network();
        boolean[] blocked = Scenario.blockedCores(g, seed);
        for (TrafficClassSpec.Mode mode : TrafficClassSpec.Mode.values()) {
            Weights w = Scenario.plainWeights(g, mode);
            CoreHeap heap = new CoreHeap(g.coreCount(), false), scan = new CoreHeap(g.coreCount(), true);
            for (int s = 0; s < g.coreCount(); s++) {
                for (boolean[] b : new boolean[][]{null, blocked}) {
                    if (b != null && b[s]) continue;
                    ShortestPathTree a = ShortestPathTree.compute(g, w, b, s, heap), z = ShortestPathTree.compute(g, w, b, s, scan);
                    assertThat(z.d1).isEqualTo(a.d1);
                    assertThat(z.d2).isEqualTo(a.d2);
                    assertThat(z.pred).as("mode %s, source %d", mode, s).isEqualTo(a.pred);
                }
                boolean[] none = new boolean[g.coreCount()];
                assertThat(ConstrainedSearch.coreBound(g, w, ConstrainedSearch.OBJECTIVE, s, none, scan))
                        .isEqualTo(ConstrainedSearch.coreBound(g, w, ConstrainedSearch.OBJECTIVE, s, none, heap));
            }
        }
    }

    /** A tree reused without excluded leaves is exactly the tree a search without them builds. */
    @Property(tries = 100)
    void removingLeavesEqualsSearchingWithoutThem(@ForAll long seed) {
        Scenario sc = Scenario.random(seed);
        Network g = sc.network();
        Random rnd = new Random(seed);
        for (TrafficClassSpec.Mode mode : TrafficClassSpec.Mode.values()) {
            Weights w = Scenario.plainWeights(g, mode);
            CoreHeap heap = new CoreHeap(g.coreCount());
            boolean[] removed = new boolean[g.coreCount()];
            for (int c = 0; c < removed.length; c++) removed[c] = rnd.nextInt(4) == 0;
            for (int s = 0; s < g.coreCount(); s++) {
                ShortestPathTree derived = ShortestPathTree.compute(g, w, null, s, heap).without(g, removed);
                if (derived == null) continue;
                ShortestPathTree direct = ShortestPathTree.compute(g, w, removed, s, heap);
                assertThat(derived.d1).isEqualTo(direct.d1);
                assertThat(derived.d2).isEqualTo(direct.d2);
                assertThat(derived.pred).isEqualTo(direct.pred);
            }
        }
    }

    /** A tree repaired after removing any cores (not only leaves) is exactly the tree a search without them builds. */
    @Property(tries = 150)
    void repairingAfterRemovingCoresEqualsSearchingWithoutThem(@ForAll long seed) {
        Scenario sc = Scenario.random(seed);
        Network g = sc.network();
        Random rnd = new Random(seed);
        for (TrafficClassSpec.Mode mode : TrafficClassSpec.Mode.values()) {
            TrafficClass cls = TrafficClass.of("k", new TrafficClassSpec(mode, null, null, null, null));
            for (Objective objective : java.util.List.of(cls.objective(), cls.objective().additive())) {
                Weights w = Weights.compute(g, cls, objective, 0);
                CoreHeap heap = new CoreHeap(g.coreCount());
                boolean[] removed = new boolean[g.coreCount()];
                for (int c = 0; c < removed.length; c++) removed[c] = rnd.nextInt(3) == 0;
                for (int s = 0; s < g.coreCount(); s++) {
                    ShortestPathTree repaired = ShortestPathTree.compute(g, w, null, s, heap).withoutCores(g, w, removed);
                    if (repaired == null) continue;
                    ShortestPathTree direct = ShortestPathTree.compute(g, w, removed, s, heap);
                    assertThat(repaired.d1).isEqualTo(direct.d1);
                    assertThat(repaired.d2).isEqualTo(direct.d2);
                    assertThat(repaired.pred).as("mode %s, source %d", mode, s).isEqualTo(direct.pred);
                }
            }
        }
    }

    /** A tree repaired below a link that got heavier is exactly the tree a fresh search builds. */
    @Property(tries = 150)
    void repairingBelowAHeavierLinkEqualsSearchingAfresh(@ForAll long seed) {
        Scenario sc = Scenario.random(seed);
        Network g = sc.network();
        Random rnd = new Random(seed);
        for (TrafficClassSpec.Mode mode : TrafficClassSpec.Mode.values()) {
            TrafficClass cls = TrafficClass.of("k", new TrafficClassSpec(mode, null, null, null, null));
            Weights w = Weights.compute(g, cls, cls.objective().additive(), 0);
            CoreHeap heap = new CoreHeap(g.coreCount());
            ShortestPathTree[] before = new ShortestPathTree[g.coreCount()];
            for (int s = 0; s < before.length; s++) before[s] = ShortestPathTree.compute(g, w, null, s, heap);
            int l = rnd.nextInt(g.linkCount());
            boolean down = rnd.nextInt(4) == 0;
            Network next = g.withLinkState(Fixtures.reading(g.linkName(l), g.nodeName(g.src(l)), g.nodeName(g.dst(l)),
                    g.latencyMs(l) * (1 + rnd.nextInt(4)), g.jitterMs(l), g.lossFraction(l) * 100, g.bandwidthMbps(l),
                    g.isUp(l) && !down, Fixtures.T0), Freshness.IGNORE);
            w.update(next, l);
            for (int s = 0; s < before.length; s++) {
                ShortestPathTree repaired = before[s].afterIncrease(next, w, l);
                if (repaired == null) continue;
                ShortestPathTree direct = ShortestPathTree.compute(next, w, null, s, heap);
                assertThat(repaired.d1).isEqualTo(direct.d1);
                assertThat(repaired.d2).isEqualTo(direct.d2);
                assertThat(repaired.pred).as("mode %s, source %d", mode, s).isEqualTo(direct.pred);
            }
        }
    }
}

package dev.galactic.core.pce;

import dev.galactic.core.model.TrafficClassSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class TreeSearchTest {

    /**
     * A tree's labels are the best path values over the cores it may cross, against a
     * Bellman-Ford fixpoint: under additive weights the lexicographic (primary, secondary) least
     * sums; under concave ones (widest) the least bottleneck, the primary alone, since
     * (bottleneck, then latency) is not isotonic and the engine fixes the width first.
     */
    @Property(tries = 100)
    void labelsAreTheBestPathValuesUnderEitherMetric(@ForAll long seed) {
        Network g = Scenario.random(seed).network();
        int nc = g.coreCount();
        boolean[] blocked = Scenario.blockedCores(g, seed);
        for (TrafficClassSpec.Mode mode : TrafficClassSpec.Mode.values()) {
            Weights w = Scenario.plainWeights(g, mode);
            for (int s = 0; s < nc; s++) {
                if (blocked[s]) continue;
                ShortestPathTree t = ShortestPathTree.compute(g, w, blocked, s, CoreHeap.of(g));
                double[][] best = fixpoint(g, w, blocked, s);
                assertThat(t.d1).as("mode %s, source %d", mode, s).isEqualTo(best[0]);
                if (w.metric == Metric.ADDITIVE) assertThat(t.d2).as("mode %s, source %d", mode, s).isEqualTo(best[1]);
                for (int v = 0; v < nc; v++) {
                    if (!t.reaches(v)) continue;
                    int[] path = t.pathTo(g, v);
                    double value = w.metric.empty();
                    for (int l : path) value = w.metric.extend(value, w.w1[l]);
                    assertThat(value).as("the path to %d has its label's value", v).isEqualTo(t.d1[v]);
                }
            }
        }
    }

    private static double[][] fixpoint(Network g, Weights w, boolean[] blocked, int s) {
        int nc = g.coreCount();
        double[] a = new double[nc], b = new double[nc];
        Arrays.fill(a, Double.POSITIVE_INFINITY);
        Arrays.fill(b, Double.POSITIVE_INFINITY);
        a[s] = w.metric.empty();
        b[s] = 0;
        boolean additive = w.metric == Metric.ADDITIVE;
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int l = 0; l < g.linkCount(); l++) {
                int u = g.src(l), v = g.dst(l);
                if (u >= nc || v >= nc || blocked[v] || a[u] == Double.POSITIVE_INFINITY || w.w1[l] == Double.POSITIVE_INFINITY) continue;
                double x = w.metric.extend(a[u], w.w1[l]), y = b[u] + w.w2[l];
                if (x < a[v] || (additive && x == a[v] && y < b[v])) {
                    a[v] = x;
                    b[v] = y;
                    changed = true;
                }
            }
        }
        return new double[][]{a, b};
    }

    /** A core-only search takes exactly the run of a core's out-links that lead to cores. */
    @Property(tries = 100)
    void everyCoresLinksToCoresEndWhereItsRunOfCoreLinksEnds(@ForAll long seed) {
        Network g = Scenario.random(seed).network();
        for (int u = 0; u < g.coreCount(); u++) {
            for (int i = g.outStart(u); i < g.outEnd(u); i++) {
                assertThat(g.isCore(g.dst(g.outLink(i)))).isEqualTo(i < g.coreOutEnd(u));
            }
        }
    }
}

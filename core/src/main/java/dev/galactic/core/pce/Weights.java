package dev.galactic.core.pce;

import java.util.Arrays;

/**
 * Per-link search weights of one class on one network, precomputed so the hot loop reads two
 * arrays: {@code w1} (primary) and {@code w2} (secondary). A link the class does not admit
 * has {@code w1 = +inf}. Shared by every tenant and exclusion set that uses the class.
 */
final class Weights {

    record Key(String classSignature, Objective objective, double widthFloor) {}

    final Key key;
    final TrafficClass cls;
    final Objective objective;
    /** How {@code w1} composes along a path: concave for the widest objective (minus the width), else additive. */
    final Metric metric;
    final double widthFloor;
    final double[] w1;
    final double[] w2;

    private Weights(Key key, TrafficClass cls, double[] w1, double[] w2) {
        this.key = key;
        this.cls = cls;
        this.objective = key.objective();
        this.metric = objective.metric();
        this.widthFloor = key.widthFloor();
        this.w1 = w1;
        this.w2 = w2;
    }

    static Key keyOf(TrafficClass cls, Objective objective, double widthFloor) {
        return new Key(cls.signature(), objective, widthFloor);
    }

    static Weights compute(Network g, TrafficClass cls, Objective objective, double widthFloor) {
        int m = g.linkCount();
        double[] w1 = new double[m], w2 = new double[m];
        Weights w = new Weights(keyOf(cls, objective, widthFloor), cls, w1, w2);
        w.nc = g.coreCount();
        for (int l = 0; l < m; l++) {
            w.fill(g, l);
            if (w.irregular(g, l)) w.irregularCoreLinks++;
        }
        return w;
    }

    private int nc;
    /** Core links the search admits whose weights are not both non-negative and not both zero. */
    private int irregularCoreLinks;

    /**
     * Whether every admitted core link weighs lexicographically more than nothing (and nothing
     * weighs less): then a tree's labels strictly grow along its paths, which tree repairs rely on.
     */
    boolean strictlyPositive() { return irregularCoreLinks == 0; }

    private boolean irregular(Network g, int l) {
        if (g.src(l) >= nc || g.dst(l) >= nc || w1[l] == Double.POSITIVE_INFINITY) return false;
        return w1[l] < 0 || w2[l] < 0 || (w1[l] == 0 && w2[l] == 0);
    }

    /**
     * Search weights live on a grid of 2^-20 (about a nanosecond of latency), where sums of a
     * few thousand terms are exact in a double: a path's value then does not depend on the
     * order its parts were added (composition vs tree), and ties are real ties.
     */
    static double grid(double x) {
        return Double.isInfinite(x) ? x : Math.rint(x * 1048576.0) / 1048576.0;
    }

    private void fill(Network g, int l) {
        if (cls.admits(g, l, widthFloor)) {
            w1[l] = grid(objective.primary(g, l));
            w2[l] = grid(objective.secondary(g, l));
        } else {
            w1[l] = Double.POSITIVE_INFINITY;
            w2[l] = Double.POSITIVE_INFINITY;
        }
    }

    /**
     * Follows a change of link l, in place: these weights belong to one engine, which applies
     * changes one at a time from its event queue, so copying the arrays would only cost time.
     *
     * @return whether the link's search weights moved (the budget cost caches always follow)
     */
    boolean update(Network g, int l) {
        synchronized (this) {
            if (budgetCosts != null) {
                for (int kind = 0; kind < budgetCosts.length; kind++) if (budgetCosts[kind] != null) budgetCosts[kind][l] = budgetCost(g, kind, l);
            }
        }
        boolean admitted = cls.admits(g, l, widthFloor);
        double n1 = admitted ? grid(objective.primary(g, l)) : Double.POSITIVE_INFINITY;
        double n2 = admitted ? grid(objective.secondary(g, l)) : Double.POSITIVE_INFINITY;
        if (Double.compare(n1, w1[l]) == 0 && Double.compare(n2, w2[l]) == 0) return false;
        if (irregular(g, l)) irregularCoreLinks--;
        w1[l] = n1;
        w2[l] = n2;
        if (irregular(g, l)) irregularCoreLinks++;
        return true;
    }

    /** Weights with equal core-to-core weights build equal trees; the tree cache groups them (see TreeCache). */
    int coreGroup;

    /** Whether both weigh every core-to-core link the same (trees over the core would be equal). */
    boolean sameCore(Network g, Weights o) {
        if (metric != o.metric) return false;
        int nc = g.coreCount();
        for (int u = 0; u < nc; u++) {
            for (int i = g.outStart(u), end = g.outEnd(u); i < end; i++) {
                int l = g.outLink(i);
                if (g.dst(l) >= nc) break;
                if (Double.compare(w1[l], o.w1[l]) != 0 || Double.compare(w2[l], o.w2[l]) != 0) return false;
            }
        }
        return true;
    }

    /** Path budgets the exact search tracks, as additive per-link costs. */
    static final int LATENCY = 0, JITTER_SQUARED = 1, LOSS = 2, HOPS = 3;

    private double[][] budgetCosts;

    /**
     * Per-link additive cost of one budget: latency, jitter squared (jitter composes as a root
     * sum of squares), {@code -ln(1 - loss)} as the class judges loss (residual after FEC), or
     * 1 per hop. Computed on first use and kept with these weights, so the exact search reads
     * an array instead of recomputing per label.
     */
    synchronized double[] budgetCost(Network g, int kind) {
        if (budgetCosts == null) budgetCosts = new double[4][];
        if (budgetCosts[kind] == null) {
            double[] c = new double[w1.length];
            for (int l = 0; l < c.length; l++) c[l] = budgetCost(g, kind, l);
            budgetCosts[kind] = c;
        }
        return budgetCosts[kind];
    }

    private double budgetCost(Network g, int kind, int l) {
        return switch (kind) {
            case LATENCY -> g.latencyMs(l);
            case JITTER_SQUARED -> g.jitterMs(l) * g.jitterMs(l);
            case LOSS -> -Math.log1p(-Math.min(cls.effectiveLoss(g, l), 1 - 1e-16));
            default -> 1;
        };
    }
}

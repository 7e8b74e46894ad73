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
    final double widthFloor;
    final double[] w1;
    final double[] w2;

    private Weights(Key key, TrafficClass cls, double[] w1, double[] w2) {
        this.key = key;
        this.cls = cls;
        this.objective = key.objective();
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
        for (int l = 0; l < m; l++) w.fill(g, l);
        return w;
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
     * @return whether the link's search weights moved (the loss cache always follows)
     */
    boolean update(Network g, int l) {
        if (lossCost != null) lossCost[l] = -Math.log1p(-Math.min(cls.effectiveLoss(g, l), 1 - 1e-16));
        boolean admitted = cls.admits(g, l, widthFloor);
        double n1 = admitted ? grid(objective.primary(g, l)) : Double.POSITIVE_INFINITY;
        double n2 = admitted ? grid(objective.secondary(g, l)) : Double.POSITIVE_INFINITY;
        if (Double.compare(n1, w1[l]) == 0 && Double.compare(n2, w2[l]) == 0) return false;
        w1[l] = n1;
        w2[l] = n2;
        return true;
    }

    boolean bottleneck() { return objective == Objective.WIDEST; }

    private double[] lossCost;

    /**
     * Per-link {@code -ln(1 - loss)} as the class judges loss (residual after FEC), so a loss
     * budget is additive; computed on first use and kept with these weights.
     */
    double[] lossCost(Network g) {
        if (lossCost == null) {
            double[] c = new double[w1.length];
            for (int l = 0; l < c.length; l++) c[l] = -Math.log1p(-Math.min(cls.effectiveLoss(g, l), 1 - 1e-16));
            lossCost = c;
        }
        return lossCost;
    }
}

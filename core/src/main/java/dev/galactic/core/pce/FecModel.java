package dev.galactic.core.pce;

import dev.galactic.core.model.TrafficClassSpec;

/**
 * Residual loss and overhead of forward error correction, from the binomial model: packets
 * of a block are lost independently with probability p.
 *
 * <p>FEC is modelled per link (each segment repairs its own losses) and the residual losses
 * then compose along the path like raw loss, {@code 1 - prod(1 - r_i)}. A block that cannot
 * be decoded counts as lost entirely, which is the conservative reading for a systematic code.
 *
 * @param k data packets per block
 * @param n packets sent per block; duplication (1+1) is k=1, n=2
 */
public record FecModel(int k, int n) {

    public static final FecModel DUPLICATION = new FecModel(1, 2);

    public FecModel {
        if (k < 1 || n <= k || n > 1000) throw new IllegalArgumentException("FEC needs 1 <= k < n <= 1000, got k=" + k + " n=" + n);
    }

    public static FecModel of(TrafficClassSpec.Fec fec) {
        if (fec == null || fec.scheme() == null || fec.scheme() == TrafficClassSpec.FecScheme.DUPLICATION) return DUPLICATION;
        if (fec.k() == null || fec.n() == null) throw new IllegalArgumentException("erasure FEC needs k and n");
        return new FecModel(fec.k(), fec.n());
    }

    /** Fraction of the sent rate that carries data: FEC overhead reduces usable bandwidth by this factor. */
    public double codeRate() { return (double) k / n; }

    /**
     * Probability that a block is not recoverable: more than n-k of its n packets lost,
     * {@code sum_{j=n-k+1..n} C(n,j) p^j (1-p)^(n-j)}. For duplication this is p^2.
     */
    public double residualLoss(double p) {
        if (p <= 0) return 0;
        if (p >= 1) return 1;
        if (k == 1 && n == 2) return p * p; // duplication, exactly
        double sum = 0;
        // Terms built from logs so large n does not overflow the binomial coefficient.
        double logP = Math.log(p), logQ = Math.log1p(-p);
        for (int j = n - k + 1; j <= n; j++) {
            sum += Math.exp(logChoose(n, j) + j * logP + (n - j) * logQ);
        }
        return Math.min(1, sum);
    }

    private static double logChoose(int n, int j) {
        double s = 0;
        for (int i = 1; i <= j; i++) s += Math.log(n - j + i) - Math.log(i);
        return s;
    }
}

package dev.galactic.core.pce;

import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.model.TrafficClassSpec.Mode;

/**
 * A traffic class compiled for the search: a scoring function ({@link #objective()}), the
 * link-local filters that prune links no feasible path can use, and the path budgets that
 * need a constrained search.
 *
 * <p>The filters are implied by the budgets (a link over the loss limit cannot be on a path
 * within it), so pruning them first is exact and shrinks the search.
 */
public final class TrafficClass {

    private final String name;
    private final TrafficClassSpec spec;
    private final Objective objective;
    private final double maxLatencyMs;
    private final double maxJitterMs;
    /** Path loss limit as a fraction; for lossless-fec it bounds the residual loss after FEC. */
    private final double maxLoss;
    private final double minBandwidthMbps;
    private final boolean zeroLoss;
    private final FecModel fec;
    private final String signature;
    /**
     * The explanation's limits clause for the last hop limit asked (Explain fills it). An
     * immutable record, so a racing reader sees either a whole one or none.
     */
    Text limitsText;

    record Text(int maxHops, String text) {}

    private TrafficClass(String name, TrafficClassSpec spec) {
        this.name = name;
        this.spec = spec;
        Mode mode = spec.mode() == null ? Mode.LOWEST_COST : spec.mode();
        this.objective = switch (mode) {
            case LOWEST_COST -> Objective.COST;
            case LOWEST_LATENCY, ZERO_LOSS, LOSSLESS_FEC -> Objective.LATENCY;
            case SUSTAINED_BANDWIDTH -> Objective.WIDEST;
        };
        TrafficClassSpec.Thresholds t = spec.thresholds();
        this.maxLatencyMs = t.maxLatencyMs() == null ? Double.POSITIVE_INFINITY : t.maxLatencyMs();
        this.maxJitterMs = t.maxJitterMs() == null ? Double.POSITIVE_INFINITY : t.maxJitterMs();
        this.fec = mode == Mode.LOSSLESS_FEC ? FecModel.of(spec.fec()) : null;
        double lossLimit = t.maxLossPercent() == null ? 100 : t.maxLossPercent();
        if (fec != null && spec.fec() != null && spec.fec().targetLossPercent() != null) {
            lossLimit = Math.min(lossLimit, spec.fec().targetLossPercent());
        }
        this.maxLoss = lossLimit / 100.0;
        double demand = spec.bandwidthMbps() == null ? 0 : spec.bandwidthMbps();
        this.minBandwidthMbps = Math.max(demand, t.minBandwidthMbps() == null ? 0 : t.minBandwidthMbps());
        this.zeroLoss = mode == Mode.ZERO_LOSS;
        this.signature = objective + "|" + maxLatencyMs + "|" + maxJitterMs + "|" + maxLoss + "|" + minBandwidthMbps + "|" + zeroLoss
                + "|" + (fec == null ? "-" : fec.k() + "/" + fec.n());
    }

    public static TrafficClass of(String name, TrafficClassSpec spec) {
        return new TrafficClass(name, spec);
    }

    /** Best effort: lowest cost over every link that is up, no limits. */
    public static TrafficClass bestEffort() {
        return of("best-effort", new TrafficClassSpec(Mode.LOWEST_COST, null, null, null, null));
    }

    private static final TrafficClass UNCONSTRAINED_COST = of("unconstrained-cost", new TrafficClassSpec(Mode.LOWEST_COST, null, null, null, null));
    private static final TrafficClass UNCONSTRAINED_LATENCY = of("unconstrained-latency", new TrafficClassSpec(Mode.LOWEST_LATENCY, null, null, null, null));

    /**
     * The class of an additive objective with no filter or limit: it admits every link that is
     * up, weighed as every class of that objective weighs it (one instance per objective, so
     * engines share its weights).
     */
    static TrafficClass unconstrained(Objective objective) {
        return switch (objective) {
            case COST -> UNCONSTRAINED_COST;
            case LATENCY -> UNCONSTRAINED_LATENCY;
            case WIDEST -> throw new IllegalArgumentException("widest is not additive");
        };
    }

    /** The same objective without any filter or budget: used to explain why a demand failed. */
    TrafficClass relaxed() {
        TrafficClass r = relaxed;
        if (r == null) relaxed = r = buildRelaxed();
        return r;
    }

    /** Built once per class (a racing reader may build its own equal copy). */
    private TrafficClass relaxed;

    private TrafficClass buildRelaxed() {
        Mode mode = objective == Objective.COST ? Mode.LOWEST_COST : Mode.LOWEST_LATENCY;
        return of(name + "~relaxed", new TrafficClassSpec(mode, null, null, null, null));
    }

    public String name() { return name; }
    public TrafficClassSpec spec() { return spec; }
    public Objective objective() { return objective; }
    public double maxLatencyMs() { return maxLatencyMs; }
    public double maxJitterMs() { return maxJitterMs; }
    public double maxLoss() { return maxLoss; }
    public double minBandwidthMbps() { return minBandwidthMbps; }
    public boolean zeroLoss() { return zeroLoss; }
    public FecModel fec() { return fec; }

    /** Loss this class is judged on for one link: raw, or residual after FEC. */
    public double effectiveLoss(Network g, int l) {
        double p = g.lossFraction(l);
        return fec == null ? p : fec.residualLoss(p);
    }

    /** Bandwidth left for data on one link once FEC overhead is paid. */
    public double usableBandwidth(Network g, int l) {
        return fec == null ? g.bandwidthMbps(l) : g.bandwidthMbps(l) * fec.codeRate();
    }

    /** Whether a link can be on any path of this class; {@code widthFloor} adds the widest-phase threshold. */
    public boolean admits(Network g, int l, double widthFloor) {
        return firstBrokenFilter(g, l, widthFloor) == null;
    }

    /** The link-local limit this link breaks, or null. */
    FailReason firstBrokenFilter(Network g, int l, double widthFloor) {
        if (!g.isUp(l)) return FailReason.LINK_DOWN;
        if (zeroLoss && g.lossFraction(l) > 0) return FailReason.ZERO_LOSS;
        // Residual loss is computed, so a link exactly at the limit may land an ulp over it:
        // the same relative slack as the path budgets keeps both sides of the limit consistent.
        if (effectiveLoss(g, l) > maxLoss * (1 + 1e-9) + 1e-12) return fec == null ? FailReason.LOSS : FailReason.FEC_RESIDUAL_LOSS;
        if (g.jitterMs(l) > maxJitterMs) return FailReason.JITTER;
        if (g.latencyMs(l) > maxLatencyMs) return FailReason.LATENCY;
        double usable = usableBandwidth(g, l);
        if (usable < minBandwidthMbps || g.bandwidthMbps(l) < widthFloor) return FailReason.BANDWIDTH;
        return null;
    }

    /** Whether path budgets exist that a plain shortest path may break. */
    boolean hasPathBudgets() {
        return maxLatencyMs < Double.POSITIVE_INFINITY || maxJitterMs < Double.POSITIVE_INFINITY || maxLoss < 1;
    }

    /** A key that identifies everything that shapes the search, so equal classes share results. */
    String signature() { return signature; }

    @Override
    public String toString() { return name + "(" + signature() + ")"; }
}

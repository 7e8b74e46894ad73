package dev.galactic.core.model;

/**
 * How a tenant's traffic should be carried: one of the spec's five modes with its limits.
 *
 * @param mode the objective
 * @param thresholds the SLA: paths over a limit are not chosen and open a violation when used
 * @param fec forward error correction, for mode lossless-fec
 * @param bandwidthMbps the demand that sustained-bandwidth must carry
 * @param fallback what to do when no path meets the class
 */
public record TrafficClassSpec(Mode mode, Thresholds thresholds, Fec fec, Double bandwidthMbps, Fallback fallback)
        implements Spec {

    public TrafficClassSpec {
        thresholds = thresholds == null ? Thresholds.NONE : thresholds;
        fallback = fallback == null ? Fallback.NONE : fallback;
    }

    public enum Mode { LOWEST_COST, LOWEST_LATENCY, ZERO_LOSS, LOSSLESS_FEC, SUSTAINED_BANDWIDTH }

    /** Limits along the whole path; null means no limit. Loss is in percent (0..100). */
    public record Thresholds(Double maxLatencyMs, Double maxJitterMs, Double maxLossPercent, Double minBandwidthMbps) {
        public static final Thresholds NONE = new Thresholds(null, null, null, null);
    }

    /**
     * @param scheme duplication sends every packet twice (1+1); erasure sends n packets per k
     * @param k data packets per block (erasure)
     * @param n packets sent per block (erasure), n > k
     * @param targetLossPercent the residual loss after recovery the path must meet
     */
    public record Fec(FecScheme scheme, Integer k, Integer n, Double targetLossPercent) {
    }

    public enum FecScheme { DUPLICATION, ERASURE }

    /**
     * @param action none: keep the class's best path that is up, its limits relaxed, with the
     *               violation flagged; class: use another of the tenant's classes; best-effort:
     *               lowest-cost path with the violation flagged; drop: no route at all while the
     *               class cannot be met (the tenant prefers no traffic to traffic off its SLA).
     *               Class and best-effort keep the relaxed path too when they find nothing.
     * @param trafficClass the class to fall back to, for action class
     */
    public record Fallback(FallbackAction action, String trafficClass) {
        public static final Fallback NONE = new Fallback(FallbackAction.NONE, null);
    }

    public enum FallbackAction { NONE, CLASS, BEST_EFFORT, DROP }
}

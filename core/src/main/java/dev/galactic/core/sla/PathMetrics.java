package dev.galactic.core.sla;

/**
 * A path's composed figures: latency adds, loss composes as {@code 1 - prod(1 - p)}, bandwidth is
 * the minimum, jitter is the root of the sum of squares (see {@link SlaEvaluator}).
 *
 * @param latencyMs null when the path is unreachable
 * @param jitterMs null when the path is unreachable
 * @param bandwidthMbps null when some link has no bandwidth measurement
 */
public record PathMetrics(Double latencyMs, Double jitterMs, double lossPercent, Double bandwidthMbps) {

    public static final PathMetrics UNREACHABLE = new PathMetrics(null, null, 100, null);
}

package dev.galactic.core.telemetry;

/**
 * What is usual for a link, so "degraded" can mean worse than usual rather than only over a
 * fixed number: a value is degraded when it exceeds the mean by {@code sigmas} standard
 * deviations and also by a floor ({@code minAbsolute}, {@code minRelative} of the mean), the
 * floor keeping a very steady link from alarming on noise.
 *
 * <p>The baseline keeps learning while a link is degraded, so a lasting change (the underlay was
 * rerouted) becomes the new usual after a few time constants instead of alarming forever; fixed
 * limits are the SLA evaluator's business.
 *
 * @param tauNanos the EWMA time constant
 * @param warmup updates before the baseline is trusted
 * @param recoverAfter evaluations in a row that must look usual before a DEGRADED link is UP
 *                     again, so a link hovering at the threshold does not flap
 */
public record Baseline(long tauNanos, long warmup, double sigmas, Threshold latencyMs, Threshold lossPercent,
                       Threshold jitterMs, int recoverAfter) {

    public static final Baseline DEFAULTS = new Baseline(java.time.Duration.ofMinutes(15).toNanos(), 30, 4,
            new Threshold(1.0, 0.25), new Threshold(1.0, 0), new Threshold(1.0, 0.5), 10);

    public record Threshold(double minAbsolute, double minRelative) {
    }

    boolean worse(Ewma usual, double value, Threshold floor) {
        if (usual.updates() < warmup) {
            return false;
        }
        double excess = value - usual.mean();
        return excess > sigmas * usual.stddev()
                && excess > floor.minAbsolute()
                && excess > floor.minRelative() * Math.abs(usual.mean());
    }
}

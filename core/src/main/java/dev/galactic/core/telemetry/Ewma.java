package dev.galactic.core.telemetry;

/**
 * Exponentially weighted moving mean and variance (Finch, "Incremental calculation of weighted
 * mean and variance", 2009), with a time constant instead of a fixed weight so the baseline
 * ages at the same pace however often it is fed: an update after {@code dt} weighs the new
 * value by {@code 1 - exp(-dt / tau)}.
 *
 * <p>Immutable: {@link #update} returns the next value.
 */
public record Ewma(double mean, double variance, long updates, long lastUpdateNanos) {

    public static final Ewma EMPTY = new Ewma(0, 0, 0, Long.MIN_VALUE);

    public Ewma update(double value, long nowNanos, long tauNanos) {
        if (updates == 0) {
            return new Ewma(value, 0, 1, nowNanos);
        }
        long dt = Math.max(0, nowNanos - lastUpdateNanos);
        double alpha = -Math.expm1(-(double) dt / tauNanos);
        double diff = value - mean;
        double increment = alpha * diff;
        return new Ewma(mean + increment, (1 - alpha) * (variance + diff * increment), updates + 1, nowNanos);
    }

    public double stddev() { return Math.sqrt(variance); }
}

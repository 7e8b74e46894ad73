package dev.galactic.core.telemetry;

/**
 * Exponentially weighted moving mean and variance (Finch, "Incremental calculation of weighted
 * mean and variance", 2009), with a time constant instead of a fixed weight so the baseline
 * ages at the same pace however often it is fed: an update after {@code dt} weighs the new
 * value by {@code 1 - exp(-dt / tau)}, but never less than {@code 1/n} for the n-th update, so a
 * young baseline is the plain mean of what it has seen.
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
        // the first updates weigh like a plain running mean (1/n): otherwise the very first value
        // (a jitter estimate still converging, say) would stand as "usual" for many time constants
        double alpha = Math.max(-Math.expm1(-(double) dt / tauNanos), 1.0 / (updates + 1));
        double diff = value - mean;
        double increment = alpha * diff;
        return new Ewma(mean + increment, (1 - alpha) * (variance + diff * increment), updates + 1, nowNanos);
    }

    public double stddev() { return Math.sqrt(variance); }
}

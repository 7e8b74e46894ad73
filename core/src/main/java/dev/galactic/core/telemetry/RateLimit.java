package dev.galactic.core.telemetry;

/**
 * Per-agent sample budget: a token bucket refilled at {@code samplesPerSecond} up to
 * {@code burst}. A batch that does not fit is refused whole, so a misbehaving agent costs
 * validation of nothing but its batch header. Time comes from the caller.
 */
public record RateLimit(double samplesPerSecond, double burst) {

    /** Far above the default plan's rate (about 20 samples/s per target): effectively a safety net. */
    public static final RateLimit DEFAULTS = new RateLimit(50_000, 200_000);

    public RateLimit {
        if (!(samplesPerSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("rate limit must be positive with a burst of at least one sample");
        }
    }

    /** The bucket of one agent; immutable, {@link #take} returns the next state or null when refused. */
    record Bucket(double tokens, long atNanos) {

        Bucket take(RateLimit limit, int samples, long nowNanos) {
            double elapsed = Math.max(0, nowNanos - atNanos) / 1e9;
            double available = Math.min(limit.burst(), tokens + elapsed * limit.samplesPerSecond());
            return available >= samples ? new Bucket(available - samples, Math.max(atNanos, nowNanos)) : null;
        }
    }
}

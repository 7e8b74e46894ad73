package dev.galactic.core.telemetry;

import java.time.Duration;

/**
 * What ingest considers plausible.
 *
 * @param maxBatchSamples larger batches are refused whole, to bound the work one message can cause
 * @param maxRttNanos round trips this long are broken clocks or stuck probes, not measurements
 * @param maxFutureSkewNanos how far ahead of the controller's clock a sample may be (agent clock skew)
 * @param maxAgeNanos how old a sample may be; older ones cannot land in any window anyway
 * @param maxMbps bandwidth above this is implausible (a parse error on the agent)
 */
public record ValidationLimits(int maxBatchSamples, long maxRttNanos, long maxFutureSkewNanos, long maxAgeNanos,
                               double maxMbps) {

    public static final ValidationLimits DEFAULTS = new ValidationLimits(10_000, Duration.ofSeconds(60).toNanos(),
            Duration.ofSeconds(5).toNanos(), Duration.ofMinutes(10).toNanos(), 1_000_000);

    public ValidationLimits {
        if (maxBatchSamples <= 0 || maxRttNanos <= 0 || maxFutureSkewNanos < 0 || maxAgeNanos <= 0 || !(maxMbps > 0)) {
            throw new IllegalArgumentException("validation limits must be positive");
        }
    }
}

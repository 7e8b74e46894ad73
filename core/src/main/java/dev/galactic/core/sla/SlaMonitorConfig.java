package dev.galactic.core.sla;

import java.time.Duration;

/**
 * @param openAfterNanos how long a path must be non-compliant before a violation opens (0: at
 *                       once, as the spec wants a violating path left immediately)
 * @param clearAfterNanos how long it must be compliant again before the violation closes, so a
 *                        flapping path yields one long violation rather than many short ones
 * @param bucketNanos granularity of the compliance history
 * @param buckets how many buckets are kept (the history's reach is buckets x bucketNanos)
 * @param maxGapNanos time between two evaluations of a subject beyond which the gap counts as
 *                    unobserved rather than as the earlier result
 */
public record SlaMonitorConfig(long openAfterNanos, long clearAfterNanos, long bucketNanos, int buckets,
                               long maxGapNanos) {

    public static final SlaMonitorConfig DEFAULTS = new SlaMonitorConfig(0, Duration.ofSeconds(30).toNanos(),
            Duration.ofHours(1).toNanos(), 24 * 8, Duration.ofMinutes(2).toNanos());

    public SlaMonitorConfig {
        if (openAfterNanos < 0 || clearAfterNanos < 0 || bucketNanos <= 0 || buckets <= 0 || maxGapNanos <= 0) {
            throw new IllegalArgumentException("invalid SLA monitor config");
        }
    }
}

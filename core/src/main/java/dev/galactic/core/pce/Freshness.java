package dev.galactic.core.pce;

import dev.galactic.core.telemetry.EpochNanos;

import java.time.Duration;
import java.time.Instant;

/**
 * When measurements stop counting: a link whose last state is older than {@code maxAge} at
 * {@code now} is treated as down. Time is a parameter so the engine stays pure.
 */
public record Freshness(Instant now, Duration maxAge) {

    /** Offline use: every state counts, whatever its age. */
    public static final Freshness IGNORE = new Freshness(null, null);

    /** @param measuredAtNanos epoch nanos; 0 (unknown, as a link-states file may leave it) is always fresh */
    public boolean isFresh(long measuredAtNanos) {
        if (now == null || maxAge == null || measuredAtNanos == 0) return true;
        return !EpochNanos.instant(measuredAtNanos).isBefore(now.minus(maxAge));
    }
}

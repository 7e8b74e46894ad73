package dev.galactic.core.pce;

import java.time.Duration;
import java.time.Instant;

/**
 * When measurements stop counting: a link whose last state is older than {@code maxAge} at
 * {@code now} is treated as down. Time is a parameter so the engine stays pure.
 */
public record Freshness(Instant now, Duration maxAge) {

    /** Offline use: every state counts, whatever its age. */
    public static final Freshness IGNORE = new Freshness(null, null);

    public boolean isFresh(Instant measuredAt) {
        if (now == null || maxAge == null || measuredAt == null) return true;
        return !measuredAt.isBefore(now.minus(maxAge));
    }
}

package dev.galactic.core.telemetry;

import java.time.Instant;

/** Telemetry's time unit: nanoseconds since the epoch, in a long (enough until the year 2262). */
public final class EpochNanos {

    private EpochNanos() {
    }

    public static long of(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    public static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }
}

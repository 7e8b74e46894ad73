package dev.galactic.agent.probe;

/** Epoch nanoseconds for sample timestamps; RTTs use the monotonic {@link System#nanoTime()}. */
@FunctionalInterface
public interface WallClock {

    WallClock SYSTEM = () -> {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };

    long epochNanos();
}

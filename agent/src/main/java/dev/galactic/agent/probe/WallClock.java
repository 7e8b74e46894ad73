package dev.galactic.agent.probe;

/** Epoch nanoseconds for sample timestamps; RTTs use the monotonic {@link System#nanoTime()}. */
@FunctionalInterface
public interface WallClock {

    WallClock SYSTEM = () -> dev.galactic.core.telemetry.EpochNanos.of(java.time.Instant.now());

    long epochNanos();
}

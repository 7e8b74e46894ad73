package dev.galactic.core.telemetry;

/** DOWN: no answered probe within the staleness limit. DEGRADED: up, but worse than its baseline. */
public enum LinkStatus {
    UP, DEGRADED, DOWN;

    public boolean up() { return this != DOWN; }
}

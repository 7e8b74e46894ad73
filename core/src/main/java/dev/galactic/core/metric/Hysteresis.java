package dev.galactic.core.metric;

/**
 * A change counts only when it exceeds both an absolute and a relative step, so a 0.1 ms wobble
 * on a 1 ms link and a 2 ms wobble on a 150 ms link are both ignored. Telemetry uses it to decide
 * which changes are worth an event; routing, which gain is worth moving a path.
 *
 * @param absolute in the metric's unit (ms, percent points, Mbps, cost units)
 * @param relative fraction of the reference value
 */
public record Hysteresis(double absolute, double relative) {

    /** Routing's default: a path moves for a gain of more than 1 unit and more than 10%. */
    public static final Hysteresis ROUTING = new Hysteresis(1.0, 0.10);

    public Hysteresis {
        if (!(absolute >= 0) || !(relative >= 0)) throw new IllegalArgumentException("hysteresis steps must be >= 0");
    }

    /** Whether {@code current} moved far enough from {@code reported} to report (a step of exactly the margin counts). */
    public boolean exceeded(double reported, double current) {
        double step = Math.abs(current - reported);
        return step >= absolute && step >= relative * Math.abs(reported);
    }

    /** The step a change from {@code reference} must beat. */
    public double margin(double reference) {
        return Math.max(absolute, relative * Math.abs(reference));
    }
}

package dev.galactic.core.telemetry;

/**
 * A change is worth reporting when it exceeds both the absolute and the relative step, so a
 * 0.1 ms wobble on a 1 ms link and a 2 ms wobble on a 150 ms link are both ignored.
 *
 * @param absolute in the metric's unit (ms, percent points, Mbps)
 * @param relative fraction of the last reported value
 */
public record Hysteresis(double absolute, double relative) {

    public boolean exceeded(double reported, double current) {
        double step = Math.abs(current - reported);
        return step >= absolute && step >= relative * Math.abs(reported);
    }
}

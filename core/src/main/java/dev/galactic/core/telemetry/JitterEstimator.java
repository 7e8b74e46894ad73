package dev.galactic.core.telemetry;

/**
 * RFC 3550 section 6.4.1 interarrival jitter: {@code J += (|D| - J) / 16}, where D is the change
 * in transit time between consecutive packets in arrival order.
 *
 * <p>Probes measure round trips, so the transit time fed here is the RTT: it needs no clock
 * synchronisation between the two nodes, and the sender's timestamp cancels out exactly as in the
 * RFC's formula {@code D = (Rj - Ri) - (Sj - Si)}. The estimate keeps double precision
 * rather than the RFC's integer arithmetic, so it does not truncate towards zero.
 */
public final class JitterEstimator {

    private double jitter;
    private long lastTransit;
    private boolean primed;

    /** Feeds the next packet's transit time (nanoseconds) in arrival order; returns the new estimate. */
    public double update(long transitNanos) {
        if (primed) {
            long d = Math.abs(transitNanos - lastTransit);
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transitNanos;
        primed = true;
        return jitter;
    }

    /** Same as {@link #update(long)} with the RFC's send and receive timestamps. */
    public double update(long sendNanos, long receiveNanos) {
        return update(receiveNanos - sendNanos);
    }

    public double jitterNanos() { return jitter; }

    public void reset() {
        jitter = 0;
        lastTransit = 0;
        primed = false;
    }
}

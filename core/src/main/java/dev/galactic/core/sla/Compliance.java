package dev.galactic.core.sla;

/**
 * Observed path-time and the part of it that met the SLA, over some span. With several paths
 * per tenant and class each path's time counts, so the fraction is per path-hour.
 *
 * @param coveredNanos wall-clock time in which at least one of the paths was observed (never
 *                     more than the span, however many paths there are)
 */
public record Compliance(long compliantNanos, long observedNanos, long coveredNanos) {

    /** 1.0 when nothing was observed: no evidence of a breach. */
    public double fraction() {
        return observedNanos == 0 ? 1.0 : (double) compliantNanos / observedNanos;
    }
}

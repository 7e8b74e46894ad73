package dev.galactic.core.telemetry;

/**
 * What the network looks like on one directed link, as the PCE and SLA monitor consume it.
 *
 * <p>{@code latencyMs} is the one-way estimate, half the low quarter of the newest eight replies' RTTs, so that latencies add along
 * a path and compare with {@code LinkSpec.latencyMs} and a class's {@code maxLatencyMs}.
 * {@code jitterMs} is the RFC 3550 estimate over RTTs. Loss is percent of probes unanswered in the
 * window. A DOWN link keeps the last figures it had and reports 100% loss.
 *
 * @param source the probe type the latency, jitter and loss come from (the first fresh one in
 *               the tracker's preference order); null when the link never answered, and for a
 *               state no probe produced ({@link #of})
 * @param availableBandwidthMbps the last iperf3 result, null when never measured
 * @param rtt RTT percentiles in the window, null when there were no replies
 * @param sampleCount probes in the window of {@code source}
 * @param measuredAtNanos epoch nanos of the newest sample behind these figures; 0 when unknown
 *                        (never measured, or a stated figure without a time)
 */
public record LinkState(LinkId link, LinkStatus status, double latencyMs, double jitterMs, double lossPercent,
                        Double availableBandwidthMbps, RttSummary rtt, long sampleCount, long measuredAtNanos,
                        ProbeType source) {

    /**
     * A state that no probe produced, such as a line of the offline PCE's link-states file or a
     * benchmark's scenario: UP or DOWN as stated (a baseline to be DEGRADED against is
     * telemetry's), without RTT percentiles, samples or a probe type.
     *
     * @param availableBandwidthMbps null when not stated
     * @param measuredAtNanos 0 when not stated
     */
    public static LinkState of(LinkId link, boolean up, double latencyMs, double jitterMs, double lossPercent,
                               Double availableBandwidthMbps, long measuredAtNanos) {
        return new LinkState(link, up ? LinkStatus.UP : LinkStatus.DOWN, latencyMs, jitterMs, lossPercent, availableBandwidthMbps,
                null, 0, measuredAtNanos, null);
    }

    public boolean up() { return status.up(); }

    /** Whether probes ever answered on this link. */
    public boolean measured() { return source != null; }

    /**
     * The state of {@code link}, or, when nobody measures that direction, its reverse's figures
     * under its own name: edges measure their uplinks one way only. Null when neither is measured.
     */
    public static LinkState orReverse(java.util.Map<LinkId, LinkState> states, LinkId link) {
        if (!borrows(states, link)) return states.get(link);
        return borrows(states, link.reversed()) ? null : states.get(link.reversed()).as(link);
    }

    /** Whether {@code link}'s direction is measured by nobody, so that it borrows its reverse's figures. */
    public static boolean borrows(java.util.Map<LinkId, LinkState> states, LinkId link) {
        LinkState s = states.get(link);
        return s == null || !s.measured();
    }

    /** These figures under another link's name. */
    public LinkState as(LinkId other) {
        return new LinkState(other, status, latencyMs, jitterMs, lossPercent, availableBandwidthMbps, rtt, sampleCount, measuredAtNanos, source);
    }

    static LinkState neverMeasured(LinkId link) {
        return new LinkState(link, LinkStatus.DOWN, 0, 0, 100, null, null, 0, 0, null);
    }
}

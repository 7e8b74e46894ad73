package dev.galactic.core.pce;

import dev.galactic.core.telemetry.LinkState;

/**
 * A link state as the PCE takes it: telemetry's {@link LinkState} of one directed node pair,
 * and which Link resource it measures when several parallel links join that pair. Probes
 * measure node pairs and never name a Link, so the controller's readings carry no name (and
 * parallel links keep their inventory facts); a link-states file may name one ({@code link:}).
 *
 * <p>What the engine reads of the state: latency, jitter and loss; the available bandwidth,
 * null meaning unmeasured (the Link's declared capacity, else unlimited, stands in for it);
 * {@link LinkState#up()} (DEGRADED counts as up); and {@code measuredAtNanos} for
 * {@link Freshness} (0, unknown, never expires). Whether probes produced it ({@code source})
 * does not matter here: the caller decides which states to hand over.
 *
 * @param linkName the Link resource's name; null when the node pair alone names the link
 */
public record LinkReading(String linkName, LinkState state) {

    public LinkReading {
        if (state == null) throw new IllegalArgumentException("a link reading needs a state");
        Double bw = state.availableBandwidthMbps();
        // a NaN or negative figure would corrupt every search that reads it
        if (!(state.latencyMs() >= 0) || !(state.jitterMs() >= 0) || (bw != null && !(bw >= 0)))
            throw new IllegalArgumentException("negative or NaN metric on " + key(state));
        if (!(state.lossPercent() >= 0 && state.lossPercent() <= 100))
            throw new IllegalArgumentException("loss must be 0..100 percent on " + key(state));
    }

    /** A state of a node pair joined by one link: what probes measure. */
    public static LinkReading of(LinkState state) {
        return new LinkReading(null, state);
    }

    public String from() { return state.link().from(); }

    public String to() { return state.link().to(); }

    /** {@code from->to}, as messages name a directed link. */
    public String key() { return key(state); }

    private static String key(LinkState s) { return s.link().from() + "->" + s.link().to(); }
}

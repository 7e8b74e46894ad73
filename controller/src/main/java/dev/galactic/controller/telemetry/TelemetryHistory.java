package dev.galactic.controller.telemetry;

import dev.galactic.controller.store.LinkRollupStore;
import dev.galactic.controller.store.LinkRollupStore.LinkRollup;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;
import dev.galactic.core.telemetry.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Telemetry over time: the last raw samples in a bounded in-memory ring (for export), and
 * per-link rollups persisted every period (for history, sparklines and reports).
 * Only the telemetry thread writes; readers get copies.
 */
public final class TelemetryHistory {

    private final LinkRollupStore rollups;
    private final Sample[] ring;
    private int next;
    private long written;
    private final Duration retention;

    public TelemetryHistory(LinkRollupStore rollups, int rawCapacity, Duration retention) {
        this.rollups = rollups;
        this.ring = new Sample[rawCapacity];
        this.retention = retention;
    }

    /** Records a batch's samples but those whose index is in {@code refused}: one lock per batch, not per sample. */
    synchronized void record(List<? extends Sample> samples, java.util.BitSet refused) {
        for (int i = 0, n = samples.size(); i < n; i++) {
            if (refused.get(i)) continue;
            ring[next] = samples.get(i);
            if (++next == ring.length) next = 0;
            written++;
        }
    }

    /** Raw samples still held, oldest first, that match. */
    public synchronized List<Sample> raw(Predicate<Sample> filter) {
        List<Sample> out = new ArrayList<>();
        int n = (int) Math.min(written, ring.length);
        int start = written > ring.length ? next : 0;
        for (int i = 0; i < n; i++) {
            Sample s = ring[(start + i) % ring.length];
            if (filter.test(s)) out.add(s);
        }
        return out;
    }

    /** Persists one rollup row per measured link, and forgets rows past the retention. */
    void rollup(Collection<LinkState> states, Instant at) {
        List<LinkRollup> rows = new ArrayList<>();
        for (LinkState s : states) {
            if (s.source() == null) continue;
            boolean figures = s.up();
            rows.add(new LinkRollup(s.link(), at, s.status().name().toLowerCase(), figures ? s.latencyMs() : null, figures ? s.jitterMs() : null,
                    s.lossPercent(), figures && s.rtt() != null ? s.rtt().p95Nanos() / 2e6 : null, s.sampleCount()));
        }
        rollups.append(rows, at.minus(retention));
    }

    public List<LinkRollup> history(LinkId link, Instant from, Instant to) {
        return rollups.between(link, from, to);
    }
}

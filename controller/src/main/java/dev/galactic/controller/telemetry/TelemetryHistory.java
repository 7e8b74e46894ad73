package dev.galactic.controller.telemetry;

import dev.galactic.controller.store.Database;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;
import dev.galactic.core.telemetry.Sample;
import org.jdbi.v3.core.Jdbi;

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

    /** One rollup of one directed link. */
    public record Point(LinkId link, Instant at, String status, Double latencyMs, Double jitterMs, Double lossPercent,
                        Double p95Ms, long samples) {
    }

    private final Jdbi jdbi;
    private final Sample[] ring;
    private int next;
    private long written;
    private final Duration retention;

    public TelemetryHistory(Database db, int rawCapacity, Duration retention) {
        this.jdbi = Jdbi.create(db.dataSource());
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
        jdbi.useTransaction(h -> {
            var batch = h.prepareBatch("INSERT INTO link_rollups (from_node, to_node, at, status, latency_ms, jitter_ms, loss_percent, p95_ms, samples) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            int rows = 0;
            for (LinkState s : states) {
                if (s.source() == null) continue;
                boolean figures = s.up();
                batch.bind(0, s.link().from()).bind(1, s.link().to()).bind(2, at.toEpochMilli()).bind(3, s.status().name().toLowerCase())
                        .bind(4, figures ? s.latencyMs() : null).bind(5, figures ? s.jitterMs() : null).bind(6, s.lossPercent())
                        .bind(7, figures && s.rtt() != null ? s.rtt().p95Nanos() / 2e6 : null).bind(8, s.sampleCount()).add();
                rows++;
            }
            if (rows > 0) batch.execute();
            h.createUpdate("DELETE FROM link_rollups WHERE at < ?").bind(0, at.minus(retention).toEpochMilli()).execute();
        });
    }

    public List<Point> history(LinkId link, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status, latency_ms, jitter_ms, loss_percent, p95_ms, samples, at FROM link_rollups "
                        + "WHERE from_node = ? AND to_node = ? AND at >= ? AND at <= ? ORDER BY at")
                .bind(0, link.from()).bind(1, link.to()).bind(2, from.toEpochMilli()).bind(3, to.toEpochMilli())
                .map((rs, ctx) -> new Point(link, Instant.ofEpochMilli(rs.getLong(7)), rs.getString(1), nullable(rs, 2),
                        nullable(rs, 3), nullable(rs, 4), nullable(rs, 5), rs.getLong(6)))
                .list());
    }

    /** getObject(i, Double.class) fails on NULL with the SQLite driver; this works on both databases. */
    private static Double nullable(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}

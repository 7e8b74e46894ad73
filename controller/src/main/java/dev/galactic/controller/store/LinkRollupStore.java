package dev.galactic.controller.store;

import dev.galactic.core.telemetry.LinkId;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What each directed link looked like, one row per link and rollup period: the history behind
 * sparklines and reports. Times are kept to the millisecond.
 */
public final class LinkRollupStore {

    /**
     * One rollup of one directed link; a figure is null when the period has none (the telemetry
     * records latencies only while the link is up).
     */
    public record LinkRollup(LinkId link, Instant at, String status, Double latencyMs, Double jitterMs, Double lossPercent,
                             Double p95Ms, long samples) {
    }

    private final Jdbi jdbi;

    public LinkRollupStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /**
     * Stores a period's rollups and forgets those from before {@code keepFrom}, in one
     * transaction: one commit, and so one sync to disk, per period.
     */
    public void append(List<LinkRollup> rollups, Instant keepFrom) {
        jdbi.useTransaction(h -> {
            if (!rollups.isEmpty()) {
                var batch = h.prepareBatch("INSERT INTO link_rollups (from_node, to_node, at, status, latency_ms, jitter_ms, loss_percent, p95_ms, samples) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                for (LinkRollup r : rollups) {
                    batch.bind(0, r.link().from()).bind(1, r.link().to()).bind(2, r.at().toEpochMilli()).bind(3, r.status())
                            .bind(4, r.latencyMs()).bind(5, r.jitterMs()).bind(6, r.lossPercent()).bind(7, r.p95Ms()).bind(8, r.samples()).add();
                }
                batch.execute();
            }
            h.createUpdate("DELETE FROM link_rollups WHERE at < ?").bind(0, keepFrom.toEpochMilli()).execute();
        });
    }

    /** The link's rollups from {@code from} to {@code to}, both included, oldest first. */
    public List<LinkRollup> between(LinkId link, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status, latency_ms, jitter_ms, loss_percent, p95_ms, samples, at FROM link_rollups "
                        + "WHERE from_node = ? AND to_node = ? AND at >= ? AND at <= ? ORDER BY at")
                .bind(0, link.from()).bind(1, link.to()).bind(2, from.toEpochMilli()).bind(3, to.toEpochMilli())
                .map((rs, ctx) -> new LinkRollup(link, Instant.ofEpochMilli(rs.getLong(7)), rs.getString(1), nullable(rs, 2),
                        nullable(rs, 3), nullable(rs, 4), nullable(rs, 5), rs.getLong(6)))
                .list());
    }

    /** getObject(i, Double.class) fails on NULL with the SQLite driver; this works on both databases. */
    private static Double nullable(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}

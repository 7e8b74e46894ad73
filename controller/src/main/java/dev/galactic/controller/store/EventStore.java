package dev.galactic.controller.store;

import com.fasterxml.jackson.core.type.TypeReference;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;

/**
 * The event log: every published event as the API shows it, in sequence order. The newest
 * {@code keep} rows are kept; older ones are trimmed as new ones arrive.
 */
public final class EventStore {

    private static final TypeReference<List<String>> NAMES = new TypeReference<>() { };

    /**
     * One event as stored.
     *
     * @param tenant the tenant it concerns, null for the backbone
     * @param backbone with no tenant: every tenant may see it, else operators only
     * @param sharedWith other tenants that may see it
     * @param payload the event's payload as JSON, as the API writes it
     */
    public record StoredEvent(long seq, Instant at, String type, String tenant, boolean backbone, List<String> sharedWith,
                              String summary, String payload) {
        public StoredEvent {
            sharedWith = List.copyOf(sharedWith);
        }
    }

    private final Jdbi jdbi;
    private final long keep;

    /** @param keep how many of the newest events are kept */
    public EventStore(Database db, long keep) {
        this.jdbi = db.jdbi();
        this.keep = keep;
    }

    /** Appends events (in sequence order) in one transaction, and trims the oldest beyond what is kept. */
    public void append(List<StoredEvent> events) {
        if (events.isEmpty()) return;
        jdbi.useTransaction(h -> {
            var batch = h.prepareBatch("INSERT INTO events (seq, at, type, tenant, backbone, shared_with, summary, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            for (StoredEvent e : events) {
                batch.bind(0, e.seq()).bind(1, e.at().toString()).bind(2, e.type()).bind(3, e.tenant()).bind(4, e.backbone() ? 1 : 0)
                        .bind(5, StoredJson.write(e.sharedWith())).bind(6, e.summary()).bind(7, e.payload()).add();
            }
            batch.execute();
            long last = events.getLast().seq();
            // a trim every so often, not at every append: it scans the oldest rows
            if (last % 1000 < events.size()) h.createUpdate("DELETE FROM events WHERE seq <= ?").bind(0, last - keep).execute();
        });
    }

    /** The highest sequence number stored, 0 when none. */
    public long lastSeq() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM events").mapTo(Long.class).one());
    }

    /** The newest {@code limit} events, oldest first. */
    public List<StoredEvent> newest(int limit) {
        List<StoredEvent> out = new java.util.ArrayList<>(jdbi.withHandle(h -> h.createQuery(
                "SELECT seq, at, type, tenant, backbone, shared_with, summary, payload FROM events ORDER BY seq DESC LIMIT ?")
                .bind(0, limit).map((rs, ctx) -> row(rs)).list()));
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * Up to {@code limit} events with {@code afterSeq < seq < beforeSeq}, oldest first, that
     * {@code tenant} may see (null: every event) and whose type starts with one of
     * {@code typePrefixes} (empty: any). The database filters, so a reader who sees few events
     * costs one query, not a scan of the log.
     */
    public List<StoredEvent> after(long afterSeq, long beforeSeq, int limit, String tenant, List<String> typePrefixes) {
        StringBuilder sql = new StringBuilder("SELECT seq, at, type, tenant, backbone, shared_with, summary, payload FROM events WHERE seq > :after AND seq < :before");
        if (tenant != null) sql.append(" AND (tenant = :tenant OR (tenant IS NULL AND backbone = 1) OR shared_with LIKE :shared ESCAPE '!')");
        if (!typePrefixes.isEmpty()) {
            sql.append(" AND (");
            for (int i = 0; i < typePrefixes.size(); i++) sql.append(i == 0 ? "" : " OR ").append("type LIKE :type").append(i).append(" ESCAPE '!'");
            sql.append(")");
        }
        sql.append(" ORDER BY seq LIMIT :limit");
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString()).bind("after", afterSeq).bind("before", beforeSeq).bind("limit", limit);
            if (tenant != null) q.bind("tenant", tenant).bind("shared", "%" + like(StoredJson.write(tenant)) + "%");
            for (int i = 0; i < typePrefixes.size(); i++) q.bind("type" + i, like(typePrefixes.get(i)) + "%");
            return q.map((rs, ctx) -> row(rs)).list();
        });
    }

    /** {@code text} matched literally by LIKE ... ESCAPE '!'. */
    private static String like(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static StoredEvent row(java.sql.ResultSet rs) throws java.sql.SQLException {
        String row = "event " + rs.getLong(1);
        return new StoredEvent(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getInt(5) != 0,
                StoredJson.read(rs.getString(6), NAMES, row), rs.getString(7), rs.getString(8));
    }
}

package dev.galactic.controller.store;

import dev.galactic.core.model.ResourceKey;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The log of every attempt to deliver an event to a webhook: what was sent, what came back. */
public final class WebhookDeliveryStore {

    /** The longest error kept; the column is no wider. */
    static final int ERROR_LENGTH = 500;

    /**
     * One try at delivering one event.
     *
     * @param number the try's number for this event, from 1 (0 when the event was dropped unsent)
     * @param status the receiver's HTTP status, 0 when none answered
     * @param outcome delivered, retrying, failed or dropped
     */
    public record Attempt(ResourceKey webhook, long eventSeq, String eventType, int number, int status, String outcome,
                          String error, Instant at) {
    }

    /** An attempt as logged, under the id it was logged with (ids grow with time). */
    public record Delivery(long id, Attempt attempt) {
    }

    private final Jdbi jdbi;
    /** The table has no identity column: ids are counted here, on from the largest one stored. */
    private final AtomicLong ids;

    public WebhookDeliveryStore(Database db) {
        this.jdbi = db.jdbi();
        this.ids = new AtomicLong(jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM webhook_deliveries").mapTo(Long.class).one()));
    }

    /** Logs an attempt; an error longer than the column holds is cut short. */
    public Delivery append(Attempt a) {
        String error = a.error() == null || a.error().length() <= ERROR_LENGTH ? a.error() : a.error().substring(0, ERROR_LENGTH);
        Attempt logged = new Attempt(a.webhook(), a.eventSeq(), a.eventType(), a.number(), a.status(), a.outcome(), error, a.at());
        long id = ids.incrementAndGet();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO webhook_deliveries (id, tenant, webhook, event_seq, event_type, attempt, status, outcome, error, at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, id).bind(1, tenant(a.webhook())).bind(2, a.webhook().name()).bind(3, a.eventSeq()).bind(4, a.eventType())
                .bind(5, a.number()).bind(6, a.status()).bind(7, a.outcome()).bind(8, error).bind(9, a.at().toString())
                .execute());
        return new Delivery(id, logged);
    }

    /** The newest attempts for one webhook, newest first. */
    public List<Delivery> newest(ResourceKey webhook, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, event_seq, event_type, attempt, status, outcome, error, at FROM webhook_deliveries "
                        + "WHERE tenant = ? AND webhook = ? ORDER BY id DESC LIMIT ?")
                .bind(0, tenant(webhook)).bind(1, webhook.name()).bind(2, limit)
                .map((rs, ctx) -> new Delivery(rs.getLong(1), new Attempt(webhook, rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                        rs.getString(6), rs.getString(7), Instant.parse(rs.getString(8)))))
                .list());
    }

    /** The operator's webhooks have no tenant; the column holds '' for them, so the key has no NULL. */
    private static String tenant(ResourceKey webhook) {
        return webhook.tenant() == null ? "" : webhook.tenant();
    }
}

package dev.galactic.core.model;

import java.util.List;

/**
 * Where to deliver events. A tenant's webhook receives that tenant's events only; an
 * operator's (no tenant) receives the backbone's.
 *
 * @param url http or https URL
 * @param events event types to deliver; all when empty
 * @param secret HMAC-SHA256 key for the signature header; never shown again once stored,
 *               and kept when a later apply omits it
 */
public record WebhookSpec(String url, List<EventType> events, String secret) implements Spec {

    public WebhookSpec {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public enum EventType { SLA_VIOLATION, SLA_RECOVERED, PATH_CHANGE, NODE_STATE, LINK_STATE, ROUTE_REJECTED }
}

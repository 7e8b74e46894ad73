package dev.galactic.controller.events;

import dev.galactic.core.model.WebhookSpec;

import java.util.Optional;

/** The kinds of event, by the dotted name clients filter on ({@code ?type=sla.,path.change}). */
public enum EventType {
    RESOURCE_CREATED("resource.created"),
    RESOURCE_CONFIGURED("resource.configured"),
    RESOURCE_DELETED("resource.deleted"),
    PATH_CHANGE("path.change", WebhookSpec.EventType.PATH_CHANGE),
    PATH_SUPPRESSED("path.suppressed"),
    PATH_FAILOVER("path.failover"),
    SLA_VIOLATION("sla.violation", WebhookSpec.EventType.SLA_VIOLATION),
    SLA_RECOVERED("sla.recovered", WebhookSpec.EventType.SLA_RECOVERED),
    LINK_STATUS("link.status", WebhookSpec.EventType.LINK_STATE),
    LINK_METRICS("link.metrics"),
    LINK_DISCOVERED("link.discovered"),
    NODE_STATE("node.state", WebhookSpec.EventType.NODE_STATE),
    NODE_FAILOVER("node.failover"),
    NODE_CONFIG("node.config"),
    BGP_SESSION("bgp.session"),
    ROUTE_LEARNED("route.learned"),
    ROUTE_REJECTED("route.rejected", WebhookSpec.EventType.ROUTE_REJECTED),
    ROUTE_WITHDRAWN("route.withdrawn");

    private final String wire;
    private final WebhookSpec.EventType webhook;

    EventType(String wire) {
        this(wire, null);
    }

    EventType(String wire, WebhookSpec.EventType webhook) {
        this.wire = wire;
        this.webhook = webhook;
    }

    public String wire() { return wire; }

    /** The type of a dotted name, empty for one this controller does not know (a newer one wrote it). */
    public static Optional<EventType> ofWire(String name) {
        for (EventType t : values()) if (t.wire.equals(name)) return Optional.of(t);
        return Optional.empty();
    }

    /** The webhook event type it is delivered as, if webhooks receive it. */
    public Optional<WebhookSpec.EventType> webhook() { return Optional.ofNullable(webhook); }

    @Override
    public String toString() { return wire; }
}

package dev.galactic.controller.events;

import dev.galactic.core.bgp.LearnedRoute;
import dev.galactic.core.bgp.RouteDecision;
import dev.galactic.core.bgp.SessionState;
import dev.galactic.core.model.Change;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.pce.DemandKey;
import dev.galactic.core.pce.PathGovernor;
import dev.galactic.core.render.LocalFailover;
import dev.galactic.core.telemetry.LinkEvent;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkStatus;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What happened, as typed data: the producers say what and why; {@link EventJson} turns it into
 * the JSON clients and webhooks receive, and nothing else builds event JSON.
 */
public sealed interface EventBody {

    EventType type();

    Audience audience();

    /** One line for people: logs, the console's feed, {@code galactic events}. */
    String summary();

    /**
     * An event an earlier run of the controller published, read back from the event log: what it
     * was is what it was serialised as (its type, audience, summary and payload).
     */
    record Recorded(EventType type, Audience audience, String summary, com.fasterxml.jackson.databind.node.ObjectNode payload)
            implements EventBody {
    }

    // ---- intent

    /** A committed resource change (never an unchanged one). */
    record ResourceChanged(ResourceKey key, Change.Action action, Long resourceVersion, List<String> fields) implements EventBody {
        public ResourceChanged {
            if (action == Change.Action.UNCHANGED) throw new IllegalArgumentException("an unchanged resource is no event");
            fields = List.copyOf(fields);
        }

        public EventType type() {
            return switch (action) {
                case CREATED -> EventType.RESOURCE_CREATED;
                case CONFIGURED -> EventType.RESOURCE_CONFIGURED;
                case DELETED, UNCHANGED -> EventType.RESOURCE_DELETED;
            };
        }

        /** A Tenant's own resource concerns that tenant; Nodes and Links are the shared catalogue. */
        public Audience audience() {
            if (key.kind() == Kind.TENANT) return Audience.tenant(key.name());
            if (key.kind() == Kind.NODE || key.kind() == Kind.LINK) return Audience.EVERYONE;
            return key.tenant() == null ? Audience.OPERATORS : Audience.tenant(key.tenant());
        }

        public String summary() {
            return key.kind().wireName() + " " + (key.tenant() == null ? "" : key.tenant() + "/") + key.name() + " " + action.name().toLowerCase(Locale.ROOT);
        }
    }

    // ---- paths

    /**
     * A demand's programmed path moved.
     *
     * @param before the nodes it was on (null: none)
     * @param after the nodes it is on now (null: none)
     * @param decisionReason the governor's words when it moved to a better path, else null
     */
    record PathChanged(DemandKey demand, List<String> before, List<String> after, PathCause cause, PathGovernor.Action decision,
                       String decisionReason) implements EventBody {
        public PathChanged {
            before = before == null ? null : List.copyOf(before);
            after = after == null ? null : List.copyOf(after);
        }

        public EventType type() { return EventType.PATH_CHANGE; }

        public Audience audience() { return Audience.tenant(demand.tenant()); }

        public String reason() {
            return decisionReason == null ? cause.reason() : cause.reason() + "; " + decisionReason;
        }

        public String summary() {
            return demand + ": " + nodes(before) + " ⇒ " + nodes(after) + " (" + reason() + ")";
        }

        private static String nodes(List<String> n) {
            return n == null ? "none" : String.join(" ", n);
        }
    }

    /** A better path waits out the hold-down. */
    record PathSuppressed(DemandKey demand, List<String> current, List<String> candidate, String reason, Instant holdUntil) implements EventBody {
        public PathSuppressed {
            current = List.copyOf(current);
            candidate = List.copyOf(candidate);
        }

        public EventType type() { return EventType.PATH_SUPPRESSED; }

        public Audience audience() { return Audience.tenant(demand.tenant()); }

        public String summary() {
            return demand + ": stays on " + String.join(" ", current) + ", not yet " + String.join(" ", candidate) + " (" + reason + ")";
        }
    }

    /** An edge moved one tenant's routes to their backup paths on its own (an uplink died). */
    record PathFailover(String tenant, String node, List<LocalFailover.Switched> routes) implements EventBody {
        public PathFailover {
            routes = List.copyOf(routes);
        }

        public EventType type() { return EventType.PATH_FAILOVER; }

        public Audience audience() { return Audience.tenant(tenant); }

        public String summary() {
            return tenant + ": " + routes.size() + " routes at " + node + " switched to their backup paths (uplink down)";
        }
    }

    // ---- SLA

    /**
     * A demand broke its class (opened), or still does with another root cause (not opened).
     */
    record SlaViolated(DemandKey demand, long violationId, String rootCause, boolean opened) implements EventBody {
        public EventType type() { return EventType.SLA_VIOLATION; }

        public Audience audience() { return Audience.tenant(demand.tenant()); }

        public String summary() {
            return opened ? "SLA violated on " + demand + ": " + rootCause : "SLA still violated on " + demand + ", now: " + rootCause;
        }
    }

    record SlaRecovered(DemandKey demand, long violationId, double durationSeconds) implements EventBody {
        public EventType type() { return EventType.SLA_RECOVERED; }

        public Audience audience() { return Audience.tenant(demand.tenant()); }

        public String summary() {
            return "SLA met again on " + demand + String.format(" after %.0f s", durationSeconds);
        }
    }

    // ---- links

    /** Telemetry judged a link's status or figures changed. */
    record LinkChanged(LinkEvent event, Audience audience) implements EventBody {
        public EventType type() {
            return event instanceof LinkEvent.StatusChanged ? EventType.LINK_STATUS : EventType.LINK_METRICS;
        }

        public String summary() {
            var s = event.state();
            return switch (event) {
                case LinkEvent.StatusChanged c -> "link " + event.link() + " " + c.from().name().toLowerCase() + " → " + c.to().name().toLowerCase()
                        + (c.to() == LinkStatus.DOWN ? "" : String.format(" (%.1f ms, jitter %.1f ms, loss %.1f%%)", s.latencyMs(), s.jitterMs(), s.lossPercent()));
                case LinkEvent.MetricsChanged m -> "link " + event.link() + " " + m.metrics().stream().map(x -> x.name().toLowerCase())
                        .collect(Collectors.joining(", ")) + String.format(" now %.1f ms, jitter %.1f ms, loss %.1f%%", s.latencyMs(), s.jitterMs(), s.lossPercent());
            };
        }
    }

    /** Links answering for the first time: news once, not one event per link at start-up. */
    record LinksDiscovered(List<LinkId> links, Audience audience) implements EventBody {
        public LinksDiscovered {
            links = List.copyOf(links);
        }

        public EventType type() { return EventType.LINK_DISCOVERED; }

        public String summary() {
            return links.size() == 1 ? "link " + links.getFirst() + " answers" : links.size() + " links answer for the first time";
        }
    }

    // ---- nodes

    /** A node's agent connected or disconnected. */
    record AgentChanged(String node, boolean connected, Audience audience) implements EventBody {
        public EventType type() { return EventType.NODE_STATE; }

        public String state() { return connected ? "connected" : "disconnected"; }

        public String summary() { return "agent of " + node + " " + state(); }
    }

    /** An edge found uplinks dead and switched routes to backups (or lifted them: none dead). */
    record NodeFailover(String node, List<String> deadUplinks, int routes, Audience audience) implements EventBody {
        public NodeFailover {
            deadUplinks = List.copyOf(deadUplinks);
        }

        public EventType type() { return EventType.NODE_FAILOVER; }

        public String summary() {
            return deadUplinks.isEmpty() ? node + ": all uplinks answer again, backup paths lifted"
                    : node + ": uplinks " + String.join(", ", deadUplinks) + " dead, " + routes + " routes on backup paths";
        }
    }

    /** A node refused a config: it keeps its previous one. */
    record ConfigRefused(String node, long version, String error) implements EventBody {
        public EventType type() { return EventType.NODE_CONFIG; }

        public Audience audience() { return Audience.OPERATORS; }

        public String summary() { return "node " + node + " could not apply config v" + version + ": " + error; }
    }

    // ---- BGP

    /** @param previous null for the first report */
    record BgpSessionChanged(ResourceKey attachment, SessionState state, SessionState previous, String detail) implements EventBody {
        public EventType type() { return EventType.BGP_SESSION; }

        public Audience audience() { return Audience.tenant(attachment.tenant()); }

        public String summary() {
            return attachment.tenant() + "/" + attachment.name() + " BGP session " + state + (previous == null ? "" : " (was " + previous + ")")
                    + (detail == null ? "" : ": " + detail);
        }
    }

    /** A route a site's BGP session announced was accepted. */
    record RouteLearned(ResourceKey attachment, LearnedRoute route) implements EventBody {
        public EventType type() { return EventType.ROUTE_LEARNED; }

        public Audience audience() { return Audience.tenant(attachment.tenant()); }

        public String summary() {
            return attachment.tenant() + "/" + attachment.name() + " learned " + route.prefix() + " (AS path " + route.asPath() + ")";
        }
    }

    record RouteRejected(ResourceKey attachment, LearnedRoute route, RouteDecision.Reason reason, String why) implements EventBody {
        public EventType type() { return EventType.ROUTE_REJECTED; }

        public Audience audience() { return Audience.tenant(attachment.tenant()); }

        public String summary() {
            return attachment.tenant() + "/" + attachment.name() + " rejected " + route.prefix() + ": " + reason + ", " + why;
        }
    }

    /** An accepted route is no longer announced. */
    record RouteWithdrawn(ResourceKey attachment, LearnedRoute route) implements EventBody {
        public EventType type() { return EventType.ROUTE_WITHDRAWN; }

        public Audience audience() { return Audience.tenant(attachment.tenant()); }

        public String summary() { return attachment.tenant() + "/" + attachment.name() + " withdrew " + route.prefix(); }
    }
}

package dev.galactic.controller.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galactic.controller.telemetry.TelemetryService;
import dev.galactic.core.bgp.LearnedRoute;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.pce.DemandKey;
import dev.galactic.core.telemetry.LinkEvent;

import java.util.List;
import java.util.Locale;

/** An event as the API's event feed and webhooks send it: {@code seq, at, type, tenant?, summary, payload}. */
public final class EventJson {

    private EventJson() {
    }

    public static ObjectNode of(Event e) {
        ObjectNode n = ResourceCodec.json().createObjectNode().put("seq", e.seq()).put("at", e.at().toString()).put("type", e.type().wire());
        if (e.tenant() != null) n.put("tenant", e.tenant());
        n.put("summary", e.summary());
        n.set("payload", payload(e.body()));
        return n;
    }

    /** The details of what happened: the fields a client reads, per type. */
    public static ObjectNode payload(EventBody body) {
        ObjectNode p = ResourceCodec.json().createObjectNode();
        switch (body) {
            case EventBody.Recorded r -> {
                return r.payload().deepCopy();
            }
            case EventBody.ResourceChanged r -> {
                p.put("kind", r.key().kind().wireName()).put("name", r.key().name());
                if (r.key().tenant() != null) p.put("tenant", r.key().tenant());
                if (r.resourceVersion() != null) p.put("resourceVersion", r.resourceVersion());
                strings(p.putArray("fields"), r.fields());
            }
            case EventBody.PathChanged c -> {
                demand(p, c.demand()).put("reason", c.reason()).put("decision", c.decision().name().toLowerCase(Locale.ROOT));
                if (c.before() != null && !c.before().isEmpty()) strings(p.putArray("before"), c.before());
                if (c.after() != null && !c.after().isEmpty()) strings(p.putArray("after"), c.after());
                cause(p.putObject("cause"), c.cause());
            }
            case EventBody.PathSuppressed s -> {
                demand(p, s.demand()).put("reason", s.reason()).put("holdUntil", s.holdUntil().toString());
                strings(p.putArray("current"), s.current());
                strings(p.putArray("candidate"), s.candidate());
            }
            case EventBody.PathFailover f -> {
                p.put("node", f.node());
                ArrayNode routes = p.putArray("routes");
                f.routes().forEach(sw -> routes.addObject().put("vpc", sw.vpc()).put("trafficClass", sw.trafficClass()).put("prefix", sw.prefix())
                        .put("site", sw.site()).put("from", sw.fromPeer()).put("to", sw.toPeer()));
            }
            case EventBody.SlaViolated v -> demand(p.put("violationId", v.violationId()), v.demand()).put("rootCause", v.rootCause());
            case EventBody.SlaRecovered r -> demand(p.put("violationId", r.violationId()), r.demand()).put("durationSeconds", r.durationSeconds());
            case EventBody.LinkChanged l -> p.setAll(TelemetryService.json(l.event().state()));
            case EventBody.LinksDiscovered d -> d.links().forEach(l -> p.withArray("links").add(l.toString()));
            case EventBody.AgentChanged a -> p.put("node", a.node()).put("agent", a.state());
            case EventBody.NodeFailover f -> {
                p.put("node", f.node());
                if (!f.deadUplinks().isEmpty()) strings(p.putArray("deadUplinks"), f.deadUplinks());
                p.put("routes", f.routes());
            }
            case EventBody.ConfigRefused c -> p.put("node", c.node()).put("version", c.version()).put("error", c.error());
            case EventBody.BgpSessionChanged s -> {
                site(p, s.attachment()).put("state", s.state().name()).put("previous", s.previous() == null ? null : s.previous().name());
                if (s.detail() != null) p.put("detail", s.detail());
            }
            case EventBody.RouteLearned l -> route(site(p, l.attachment()), l.route());
            case EventBody.RouteRejected x -> route(site(p, x.attachment()), x.route()).put("reason", x.reason().name()).put("why", x.why());
            case EventBody.RouteWithdrawn w -> route(site(p, w.attachment()), w.route());
        }
        return p;
    }

    /** A learned route's fields into {@code p} (events and the API show routes alike). */
    public static ObjectNode route(ObjectNode p, LearnedRoute r) {
        p.put("prefix", r.prefix());
        r.asPath().forEach(p.putArray("asPath")::add);
        r.communities().forEach(p.putArray("communities")::add);
        if (r.nextHop() != null) p.put("nextHop", r.nextHop());
        return p;
    }

    private static ObjectNode demand(ObjectNode p, DemandKey d) {
        return p.put("vpc", d.vpc()).put("trafficClass", d.trafficClass()).put("from", d.from()).put("to", d.to());
    }

    private static ObjectNode site(ObjectNode p, ResourceKey attachment) {
        return p.put("tenant", attachment.tenant()).put("attachment", attachment.name());
    }

    /** What the path change names as its cause: the intent's revision, a hold-down, or the link event (by its seq). */
    private static void cause(ObjectNode n, PathCause cause) {
        switch (cause) {
            case PathCause.IntentChanged i -> n.put("kind", "intent").put("revision", i.revision());
            case PathCause.HoldDownEnded h -> n.put("kind", "hold-down");
            case PathCause.LinkChanged l -> {
                n.put("kind", "link").put("link", l.event().link().toString())
                        .put("event", l.event() instanceof LinkEvent.StatusChanged ? EventType.LINK_STATUS.wire() : EventType.LINK_METRICS.wire());
                if (l.eventSeq() > 0) n.put("seq", l.eventSeq());
                n.put("others", l.others());
            }
        }
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }
}

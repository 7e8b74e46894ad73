package dev.galactic.controller.bgp;

import dev.galactic.controller.events.EventBody;
import dev.galactic.controller.events.EventHub;
import dev.galactic.controller.loop.Publisher;
import dev.galactic.controller.store.BgpSessionStore;
import dev.galactic.core.bgp.BgpSessions;
import dev.galactic.core.bgp.BgpSessions.Session;
import dev.galactic.core.bgp.RouteDecision;
import dev.galactic.core.bgp.RoutePolicy;
import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.image.NetworkImage;
import dev.galactic.core.image.NodeReport;
import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.render.Renderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The loop's BGP publisher, the shell around {@link RoutePolicy}: whenever the image's sessions
 * ({@link BgpSessions}) or its intent change, it judges each VPC's learned routes again, turns what
 * changed into tenant-scoped events ({@code route.learned}, {@code route.rejected},
 * {@code route.withdrawn}, {@code bgp.session}), keeps sessions and accepted prefixes in the store
 * for the next start, and leaves the accepted prefixes for the renderer, which spreads them over
 * the controller's paths. BGP never decides forwarding. It runs on the loop's thread only.
 */
public final class RouteService implements Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(RouteService.class);

    /** How long a session torn down for too many prefixes stays down before it may come back (like a router's max-prefix restart interval). */
    public static final Duration HOLD_DOWN = Duration.ofSeconds(60);

    /** What the API shows for one attachment: its session (null before the first report), the decisions, what its edge advertises. */
    public record View(Session session, List<RouteDecision> decisions, List<String> advertised) {
    }

    private final BgpSessionStore store;
    private final EventHub events;
    private final Clock clock;
    /** The sessions as the last step left them, and as the store holds them. */
    private volatile BgpSessions seen;
    /** When each session was torn down for maxPrefixes (not persisted: a controller restart lifts it). */
    private final Map<ResourceKey, Instant> tornDown = new HashMap<>();
    private volatile Map<ResourceKey, RoutePolicy.Result> results;
    private volatile Map<ResourceKey, Renderer.Learned> learned = Map.of();

    /** @param image the image the loop starts from, with the sessions {@link #restore} gave it */
    public RouteService(BgpSessionStore store, EventHub events, Clock clock, NetworkImage image, Map<ResourceKey, RoutePolicy.Result> accepted) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.seen = image.bgp();
        this.results = Map.copyOf(accepted);
        evaluate(image, false);
    }

    /**
     * What a previous run stored: the sessions (they stand only until their agents had the grace to
     * come back) and the prefixes it accepted, which decide overlaps and surplus the same way again.
     */
    public static Restored restore(BgpSessionStore store, Instant now) {
        Map<ResourceKey, Session> sessions = new HashMap<>();
        Map<ResourceKey, RoutePolicy.Result> accepted = new HashMap<>();
        for (BgpSessionStore.StoredSession s : store.all()) {
            sessions.put(s.attachment(), new Session(s.node(), s.state(), s.received(), s.detail(), s.at()));
            Set<String> prefixes = Set.copyOf(s.accepted());
            accepted.put(s.attachment(), new RoutePolicy.Result(s.received().stream().filter(r -> prefixes.contains(r.prefix()))
                    .map(r -> (RouteDecision) new RouteDecision.Accepted(r)).toList(), false));
        }
        return new Restored(BgpSessions.restored(sessions, now), accepted);
    }

    /** @see #restore */
    public record Restored(BgpSessions sessions, Map<ResourceKey, RoutePolicy.Result> accepted) {
    }

    @Override
    public String name() { return "bgp"; }

    @Override
    public void publish(NetworkDelta delta, NetworkImage image) {
        for (var r : delta.reports(NodeReport.RoutesReported.class)) {
            BgpSessions.refusal(r.node(), r.routes(), image.intent()).ifPresent(why -> LOG.warn("{}; ignored", why));
        }
        Instant now = clock.instant();
        boolean holdDownEnds = delta.tick() != null && tornDown.values().stream().anyMatch(t -> !now.isBefore(t.plus(HOLD_DOWN)));
        if (delta.intent() == null && image.bgp() == seen && !holdDownEnds) return;
        announceSessions(seen, image.bgp());
        BgpSessions before = seen;
        seen = image.bgp();
        Set<ResourceKey> changed = new java.util.HashSet<>(evaluate(image, true));
        for (ResourceKey k : before.sessions().keySet()) if (!seen.sessions().containsKey(k)) store.delete(k);
        tornDown.keySet().removeIf(k -> image.intent().get(k).isEmpty());
        for (var e : seen.sessions().entrySet()) if (!e.getValue().equals(before.sessions().get(e.getKey()))) changed.add(e.getKey());
        changed.forEach(this::persist);
    }

    /** A session whose state changed (or that reported first) is a {@code bgp.session} event. */
    private void announceSessions(BgpSessions before, BgpSessions after) {
        if (before == after) return;
        for (var e : after.sessions().entrySet()) {
            Session was = before.sessions().get(e.getKey());
            Session now = e.getValue();
            if (was == null || was.state() != now.state()) {
                events.publish(new EventBody.BgpSessionChanged(e.getKey(), now.state(), was == null ? null : was.state(), now.detail()));
            }
        }
    }

    /** The prefixes accepted per attachment, for the renderer. */
    public Map<ResourceKey, Renderer.Learned> learned() { return learned; }

    /** @param advertised what the attachment's edge advertises to the site (from its desired config) */
    public java.util.Optional<View> view(ResourceKey attachment, ResourceImage intent, List<String> advertised) {
        if (intent.get(Kind.ATTACHMENT, attachment.tenant(), attachment.name()).isEmpty()) return java.util.Optional.empty();
        RoutePolicy.Result r = results.get(attachment);
        return java.util.Optional.of(new View(seen.sessions().get(attachment), r == null ? List.of() : r.decisions(), advertised));
    }

    /** Every session's last report, as the last step left them (for metrics and the API). */
    public Map<ResourceKey, Session> sessions() { return seen.sessions(); }

    /** Every attachment's decisions (for metrics). */
    public Map<ResourceKey, RoutePolicy.Result> results() { return results; }

    /** Judges every VPC's learned routes; returns the attachments whose accepted prefixes changed. */
    private Set<ResourceKey> evaluate(NetworkImage image, boolean announce) {
        Instant now = clock.instant();
        tornDown.values().removeIf(t -> !now.isBefore(t.plus(HOLD_DOWN)));
        Map<ResourceKey, List<RoutePolicy.Site>> byVpc = new TreeMap<>();
        for (Resource a : image.intent().list(Kind.ATTACHMENT)) {
            AttachmentSpec spec = a.spec(AttachmentSpec.class);
            Session s = image.bgp().sessions().get(a.key());
            RoutePolicy.Result before = results.get(a.key());
            byVpc.computeIfAbsent(new ResourceKey(Kind.VPC, a.tenant(), spec.vpc()), k -> new ArrayList<>()).add(new RoutePolicy.Site(a.name(), spec,
                    s == null ? List.of() : s.received(), before == null ? Set.of() : Set.copyOf(before.acceptedPrefixes()),
                    tornDown.containsKey(a.key())));
        }
        var reserved = image.sids().space();
        Map<ResourceKey, RoutePolicy.Result> next = new HashMap<>();
        byVpc.forEach((vpc, sites) -> RoutePolicy.evaluate(sites, reserved)
                .forEach((attachment, result) -> next.put(new ResourceKey(Kind.ATTACHMENT, vpc.tenant(), attachment), result)));
        Map<ResourceKey, RoutePolicy.Result> before = results;
        results = Map.copyOf(next);
        Map<ResourceKey, Renderer.Learned> accepted = new HashMap<>();
        Set<ResourceKey> changed = new java.util.HashSet<>();
        for (var e : next.entrySet()) {
            if (e.getValue().tearDown() && !tornDown.containsKey(e.getKey())) tornDown.put(e.getKey(), now);
            RoutePolicy.Result old = before.get(e.getKey());
            if (announce) announce(e.getKey(), old, e.getValue());
            if (old == null || !old.acceptedPrefixes().equals(e.getValue().acceptedPrefixes())) changed.add(e.getKey());
            if (!e.getValue().acceptedPrefixes().isEmpty() || e.getValue().tearDown()) {
                accepted.put(e.getKey(), new Renderer.Learned(e.getValue().acceptedPrefixes(), e.getValue().tearDown()));
            }
        }
        learned = Map.copyOf(accepted);
        return changed;
    }

    /** Events for what changed in one attachment's decisions. */
    private void announce(ResourceKey key, RoutePolicy.Result old, RoutePolicy.Result now) {
        Map<String, RouteDecision> was = new TreeMap<>();
        if (old != null) old.decisions().forEach(d -> was.put(d.route().prefix(), d));
        Map<String, RouteDecision> is = new TreeMap<>();
        now.decisions().forEach(d -> is.put(d.route().prefix(), d));
        for (RouteDecision d : is.values()) {
            RouteDecision prior = was.get(d.route().prefix());
            switch (d) {
                case RouteDecision.Accepted a when !(prior instanceof RouteDecision.Accepted) -> events.publish(new EventBody.RouteLearned(key, a.route()));
                case RouteDecision.Rejected x when !(prior instanceof RouteDecision.Rejected px && px.reason() == x.reason()) ->
                        events.publish(new EventBody.RouteRejected(key, x.route(), x.reason(), x.why()));
                default -> { }
            }
        }
        for (RouteDecision d : was.values()) {
            if (!is.containsKey(d.route().prefix()) && d.accepted()) events.publish(new EventBody.RouteWithdrawn(key, d.route()));
        }
    }

    /** The session's last report and what was accepted from it. */
    private void persist(ResourceKey key) {
        Session s = seen.sessions().get(key);
        RoutePolicy.Result r = results.get(key);
        if (s == null || r == null) return;
        store.save(new BgpSessionStore.StoredSession(key, s.node(), s.state(), s.received(), r.acceptedPrefixes(), s.detail(), s.at()));
    }
}

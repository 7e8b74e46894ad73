package dev.galactic.controller.bgp;

import dev.galactic.controller.events.EventBody;
import dev.galactic.controller.events.EventHub;
import dev.galactic.controller.render.ConfigService;
import dev.galactic.controller.sid.SidService;
import dev.galactic.controller.store.BgpSessionStore;
import dev.galactic.core.agent.AgentMessage;
import dev.galactic.core.bgp.LearnedRoute;
import dev.galactic.core.bgp.RouteDecision;
import dev.galactic.core.bgp.RoutePolicy;
import dev.galactic.core.bgp.SessionState;
import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.net.IpPrefix;
import dev.galactic.core.render.Renderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The shell around {@link RoutePolicy}: keeps what every site's BGP session last reported
 * (persisted), judges each VPC's learned routes whenever a report or the intent changes, turns
 * what changed into tenant-scoped events ({@code route.learned}, {@code route.rejected},
 * {@code route.withdrawn}, {@code bgp.session}), and hands the accepted prefixes to the
 * renderer, which spreads them over the controller's paths. BGP never decides forwarding.
 */
public final class RouteService {

    private static final Logger LOG = LoggerFactory.getLogger(RouteService.class);

    /** The last report of one site's session. */
    public record Session(String node, SessionState state, List<LearnedRoute> received, String detail, Instant at) {
        public Session {
            received = List.copyOf(received);
        }
    }

    /** What the API shows for one attachment: its session (null before the first report), the decisions, what its edge advertises. */
    public record View(Session session, List<RouteDecision> decisions, List<String> advertised) {
    }

    private final BgpSessionStore store;
    private final SidService sids;
    private final ConfigService configs;
    private final EventHub events;
    private final Clock clock;
    private final Map<ResourceKey, Session> sessions = new HashMap<>();
    /** When each session was torn down for maxPrefixes; it stays down {@link #HOLD_DOWN} (not persisted: a controller restart lifts it). */
    private final Map<ResourceKey, Instant> tornDown = new HashMap<>();
    /** Since when each node's agent has been away, for nodes whose sessions still stand on its word. */
    private final Map<String, Instant> awaySince = new HashMap<>();
    private ResourceImage lastImage;

    /**
     * How long a disconnected agent's sessions keep their last report: an agent restart must not
     * withdraw every route its sites announce (the speaker and the data plane run on), but an
     * edge that stays away cannot vouch for routes it learned minutes ago.
     */
    public static final java.time.Duration AGENT_GRACE = java.time.Duration.ofSeconds(30);
    /** Nodes whose agent is connected now. */
    private final Set<String> connected = new java.util.HashSet<>();
    private final java.time.Duration agentGrace;

    /** How long a session torn down for too many prefixes stays down before it may come back (like a router's max-prefix restart interval). */
    public static final java.time.Duration HOLD_DOWN = java.time.Duration.ofSeconds(60);
    private volatile Map<ResourceKey, RoutePolicy.Result> results = Map.of();

    public RouteService(BgpSessionStore store, SidService sids, ConfigService configs, EventHub events, Clock clock, ResourceImage image) {
        this.agentGrace = AGENT_GRACE;
        this.store = store;
        this.sids = sids;
        this.configs = configs;
        this.events = events;
        this.clock = clock;
        Map<ResourceKey, RoutePolicy.Result> before = new HashMap<>();
        for (BgpSessionStore.StoredSession s : store.all()) {
            sessions.put(s.attachment(), new Session(s.node(), s.state(), s.received(), s.detail(), s.at()));
            // only "accepted before" matters when re-judging (it decides overlaps and surplus the same way again)
            Set<String> accepted = Set.copyOf(s.accepted());
            before.put(s.attachment(), new RoutePolicy.Result(s.received().stream().filter(r -> accepted.contains(r.prefix()))
                    .map(r -> (RouteDecision) new RouteDecision.Accepted(r)).toList(), false));
        }
        results = Map.copyOf(before);
        synchronized (this) {
            evaluate(image, false);
            // reports from before a restart stand only until their agents had the time to come back
            Instant now = clock.instant();
            sessions.values().stream().map(Session::node).distinct().forEach(n -> awaySince.put(n, now));
        }
    }

    /** A node's agent connected: its next reports speak for its sessions again. */
    public synchronized void agentConnected(String node) {
        connected.add(node);
        awaySince.remove(node);
    }

    /** A node's agent disconnected: after the grace, its sessions are UNKNOWN and their routes withdrawn. */
    public synchronized void agentDisconnected(String node) {
        connected.remove(node);
        awaySince.put(node, clock.instant());
    }

    /**
     * The clock (the loop's tick): agents away for longer than the grace no longer vouch for
     * their sessions, and sessions torn down for too many prefixes may come back after the hold-down.
     */
    public synchronized void tick(Instant now) {
        for (var e : List.copyOf(awaySince.entrySet())) {
            if (now.isBefore(e.getValue().plus(agentGrace))) continue;
            awaySince.remove(e.getKey());
            expire(e.getKey());
        }
        if (lastImage != null && tornDown.values().stream().anyMatch(t -> !now.isBefore(t.plus(HOLD_DOWN)))) evaluate(lastImage, true);
    }

    /** The grace of a disconnected agent ended. */
    private void expire(String node) {
        if (connected.contains(node) || lastImage == null) return;
        boolean changed = false;
        for (var e : List.copyOf(sessions.entrySet())) {
            Session before = e.getValue();
            if (!before.node().equals(node) || before.state() == SessionState.UNKNOWN) continue;
            ResourceKey key = e.getKey();
            String detail = "the agent of " + node + " has been disconnected for over " + agentGrace.toSeconds()
                    + " s: the session's state is unknown and its " + before.received().size() + " received routes are withdrawn";
            Session now = new Session(node, SessionState.UNKNOWN, List.of(), detail, clock.instant());
            sessions.put(key, now);
            events.publish(new EventBody.BgpSessionChanged(key, now.state(), before.state(), detail));
            changed = true;
        }
        if (!changed) return;
        evaluate(lastImage, true);
        sessions.keySet().forEach(this::persist);
    }

    /**
     * An agent's report. Refused (logged, nothing changes) when the attachment does not exist or
     * is not on the reporting node: an agent speaks only for its own sites.
     */
    public synchronized void report(String node, AgentMessage.Routes r, ResourceImage image) {
        Optional<Resource> a = image.get(Kind.ATTACHMENT, r.tenant(), r.attachment());
        if (a.isEmpty() || !node.equals(a.get().spec(AttachmentSpec.class).node()) || a.get().spec(AttachmentSpec.class).bgp() == null) {
            LOG.warn("agent {} reported BGP routes for {}/{}, which is not a BGP attachment on that node; ignored", node, r.tenant(), r.attachment());
            return;
        }
        if (r.state() == null) {
            LOG.warn("agent {} reported BGP routes for {}/{} without a session state; ignored", node, r.tenant(), r.attachment());
            return;
        }
        ResourceKey key = a.get().key();
        Session before = sessions.get(key);
        Session now = new Session(node, r.state(), r.received(), r.detail(), clock.instant());
        sessions.put(key, now);
        if (before == null || before.state() != now.state()) {
            events.publish(new EventBody.BgpSessionChanged(key, now.state(), before == null ? null : before.state(), now.detail()));
        }
        evaluate(image, true);
        persist(key);
    }

    /** The intent changed (a policy, a site, a VPC): judge everything again, forget deleted attachments. */
    public synchronized void imageChanged(ResourceImage image) {
        for (ResourceKey k : List.copyOf(sessions.keySet())) {
            if (image.get(Kind.ATTACHMENT, k.tenant(), k.name()).map(a -> a.spec(AttachmentSpec.class).bgp()).isEmpty()) {
                sessions.remove(k);
                tornDown.remove(k);
                store.delete(k);
            }
        }
        evaluate(image, true);
    }

    public Optional<View> view(ResourceKey attachment, ResourceImage image) {
        Optional<Resource> a = image.get(Kind.ATTACHMENT, attachment.tenant(), attachment.name());
        if (a.isEmpty()) return Optional.empty();
        Session s;
        synchronized (this) {
            s = sessions.get(attachment);
        }
        RoutePolicy.Result r = results.get(attachment);
        String node = a.get().spec(AttachmentSpec.class).node();
        List<String> advertised = configs.desired(node).stream().flatMap(v -> v.config().tenants().stream())
                .filter(t -> t.tenant().equals(attachment.tenant())).flatMap(t -> t.sites().stream())
                .filter(site -> site.attachment().equals(attachment.name()) && site.bgp() != null)
                .flatMap(site -> site.bgp().advertise().stream()).toList();
        return Optional.of(new View(s, r == null ? List.of() : r.decisions(), advertised));
    }

    /** Every session's last report (for metrics). */
    public synchronized Map<ResourceKey, Session> sessions() { return Map.copyOf(sessions); }

    /** Every attachment's decisions (for metrics). */
    public Map<ResourceKey, RoutePolicy.Result> results() { return results; }

    private void evaluate(ResourceImage image, boolean announce) {
        lastImage = image;
        Instant now = clock.instant();
        tornDown.values().removeIf(t -> !now.isBefore(t.plus(HOLD_DOWN)));
        Map<String, List<RoutePolicy.Site>> byVpc = new TreeMap<>();
        for (Resource a : image.list(Kind.ATTACHMENT)) {
            AttachmentSpec spec = a.spec(AttachmentSpec.class);
            Session s = sessions.get(a.key());
            RoutePolicy.Result before = results.get(a.key());
            byVpc.computeIfAbsent(a.tenant() + "/" + spec.vpc(), k -> new ArrayList<>()).add(new RoutePolicy.Site(a.name(), spec,
                    s == null ? List.of() : s.received(), before == null ? Set.of() : Set.copyOf(before.acceptedPrefixes()),
                    tornDown.containsKey(a.key())));
        }
        List<IpPrefix> reserved = sids.layout().space(sids.plan().locators().values());
        Map<ResourceKey, RoutePolicy.Result> next = new HashMap<>();
        byVpc.forEach((vpc, sites) -> {
            String tenant = vpc.substring(0, vpc.indexOf('/'));
            RoutePolicy.evaluate(sites, reserved).forEach((attachment, result) -> next.put(new ResourceKey(Kind.ATTACHMENT, tenant, attachment), result));
        });
        Map<ResourceKey, RoutePolicy.Result> before = results;
        results = Map.copyOf(next);
        Map<ResourceKey, Renderer.Learned> learned = new HashMap<>();
        for (var e : next.entrySet()) {
            if (e.getValue().tearDown() && !tornDown.containsKey(e.getKey())) tornDown.put(e.getKey(), now);
            RoutePolicy.Result old = before.get(e.getKey());
            if (announce) announce(e.getKey(), old, e.getValue());
            if (old == null || !old.acceptedPrefixes().equals(e.getValue().acceptedPrefixes())) persist(e.getKey());
            if (!e.getValue().acceptedPrefixes().isEmpty() || e.getValue().tearDown()) {
                learned.put(e.getKey(), new Renderer.Learned(e.getValue().acceptedPrefixes(), e.getValue().tearDown()));
            }
        }
        configs.learned(learned, image);
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
        Session s = sessions.get(key);
        RoutePolicy.Result r = results.get(key);
        if (s == null || r == null) return;
        store.save(new BgpSessionStore.StoredSession(key, s.node(), s.state(), s.received(), r.acceptedPrefixes(), s.detail(), s.at()));
    }
}

package dev.galactic.core.bgp;

import dev.galactic.core.agent.AgentMessage;
import dev.galactic.core.image.SortedPMap;
import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.ResourceKey;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The learned-routes part of the network image: what every site's BGP session last reported, and
 * whose word it stands on. Every transition is a pure function of this value and an input (a
 * report, an agent coming or going, the clock, committed intent), so the control loop derives
 * it while it applies a step; which routes are accepted is decided from it by {@link RoutePolicy}.
 *
 * @param sessionTable each BGP attachment's last report (persistent: a report copies O(log n) of it)
 * @param connected the nodes whose agent is connected now
 * @param awaySince since when each node's agent has been away, for nodes whose sessions still
 *                  stand on its last word (after {@link #AGENT_GRACE} they no longer do)
 */
public record BgpSessions(SortedPMap<ResourceKey, Session> sessionTable, Set<String> connected, Map<String, Instant> awaySince) {

    /**
     * How long a disconnected agent's sessions keep their last report: an agent restart must not
     * withdraw every route its sites announce (the speaker and the data plane run on), but an
     * edge that stays away cannot vouch for routes it learned minutes ago.
     */
    public static final Duration AGENT_GRACE = Duration.ofSeconds(30);

    public static final BgpSessions NONE = new BgpSessions(SortedPMap.empty(), Set.of(), Map.of());

    /** The last report of one site's session, from the agent of {@code node}. */
    public record Session(String node, SessionState state, List<LearnedRoute> received, String detail, Instant at) {
        public Session {
            received = List.copyOf(received);
        }
    }

    public BgpSessions {
        java.util.Objects.requireNonNull(sessionTable, "sessionTable");
        connected = Set.copyOf(connected);
        awaySince = Map.copyOf(awaySince);
    }

    /** Sessions a previous run stored: they stand until their agents had {@link #AGENT_GRACE} to come back. */
    public static BgpSessions restored(Map<ResourceKey, Session> stored, Instant now) {
        Map<String, Instant> away = new HashMap<>();
        stored.values().forEach(s -> away.put(s.node(), now));
        return new BgpSessions(SortedPMap.of(stored), Set.of(), away);
    }

    /** Each BGP attachment's last report, as a read-only map over the table. */
    public Map<ResourceKey, Session> sessions() { return sessionTable.asMap(); }

    /**
     * Why a report is not taken, or empty when it is: an agent speaks only for the BGP
     * attachments on its own node, and a report must say how its session stands.
     */
    public static Optional<String> refusal(String node, AgentMessage.Routes r, ResourceImage intent) {
        Optional<Resource> a = intent.get(Kind.ATTACHMENT, r.tenant(), r.attachment());
        if (a.isEmpty() || !node.equals(a.get().spec(AttachmentSpec.class).node()) || a.get().spec(AttachmentSpec.class).bgp() == null) {
            return Optional.of("agent " + node + " reported BGP routes for " + r.tenant() + "/" + r.attachment()
                    + ", which is not a BGP attachment on that node");
        }
        if (r.state() == null) return Optional.of("agent " + node + " reported BGP routes for " + r.tenant() + "/" + r.attachment() + " without a session state");
        return Optional.empty();
    }

    /** After a report of {@code node}'s agent at {@code at}; a refused report changes nothing. */
    public BgpSessions report(String node, AgentMessage.Routes r, ResourceImage intent, Instant at) {
        if (refusal(node, r, intent).isPresent()) return this;
        return new BgpSessions(sessionTable.put(new ResourceKey(Kind.ATTACHMENT, r.tenant(), r.attachment()),
                new Session(node, r.state(), r.received(), r.detail(), at)), connected, awaySince);
    }

    /** The node's agent connected: its next reports speak for its sessions again. */
    public BgpSessions agentConnected(String node) {
        if (connected.contains(node) && !awaySince.containsKey(node)) return this;
        Set<String> c = new HashSet<>(connected);
        c.add(node);
        Map<String, Instant> away = new HashMap<>(awaySince);
        away.remove(node);
        return new BgpSessions(sessionTable, c, away);
    }

    /** The node's agent went away at {@code at}: after the grace its sessions are UNKNOWN and their routes gone. */
    public BgpSessions agentDisconnected(String node, Instant at) {
        Set<String> c = new HashSet<>(connected);
        c.remove(node);
        Map<String, Instant> away = new HashMap<>(awaySince);
        away.put(node, at);
        return new BgpSessions(sessionTable, c, away);
    }

    /** At {@code now}: agents away for longer than the grace no longer vouch for their sessions. */
    public BgpSessions tick(Instant now) {
        Map<String, Instant> away = null;
        SortedPMap<ResourceKey, Session> next = sessionTable;
        for (var e : awaySince.entrySet()) {
            if (now.isBefore(e.getValue().plus(AGENT_GRACE))) continue;
            if (away == null) away = new HashMap<>(awaySince);
            away.remove(e.getKey());
            if (connected.contains(e.getKey())) continue;
            for (var s : sessionTable) {
                Session before = s.getValue();
                if (!before.node().equals(e.getKey()) || before.state() == SessionState.UNKNOWN) continue;
                String detail = "the agent of " + before.node() + " has been disconnected for over " + AGENT_GRACE.toSeconds()
                        + " s: the session's state is unknown and its " + before.received().size() + " received routes are withdrawn";
                next = next.put(s.getKey(), new Session(before.node(), SessionState.UNKNOWN, List.of(), detail, now));
            }
        }
        return away == null ? this : new BgpSessions(next, connected, away);
    }

    /** After committed intent: sessions of attachments that are gone, or no longer speak BGP, are forgotten. */
    public BgpSessions intent(ResourceImage intent) {
        SortedPMap<ResourceKey, Session> next = sessionTable;
        for (var e : sessionTable) {
            ResourceKey k = e.getKey();
            if (intent.get(Kind.ATTACHMENT, k.tenant(), k.name()).map(a -> a.spec(AttachmentSpec.class).bgp()).isPresent()) continue;
            next = next.remove(k);
        }
        return next == sessionTable ? this : new BgpSessions(next, connected, awaySince);
    }
}

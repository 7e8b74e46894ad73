package dev.galactic.agent.bgp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galactic.core.bgp.LearnedRoute;
import dev.galactic.core.bgp.SessionState;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads what {@code gobgp -j} prints (gobgp 3.x: the gRPC API's messages as JSON). Pure. */
public final class GobgpJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GobgpJson() {
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("gobgp printed something that is not JSON: " + e.getOriginalMessage());
        }
    }

    /** The state of the one neighbour in {@code gobgp -j neighbor}: api.PeerState's session_state and admin_state. */
    public static SessionState sessionState(String neighborJson) {
        JsonNode peers = tree(neighborJson);
        if (!peers.isArray() || peers.isEmpty()) return SessionState.NOT_RUNNING;
        JsonNode state = peers.get(0).path("state");
        if (state.path("admin_state").asInt(0) == 1) return SessionState.ADMIN_DOWN;
        return switch (state.path("session_state").asInt(0)) {
            case 2 -> SessionState.CONNECT;
            case 3 -> SessionState.ACTIVE;
            case 4 -> SessionState.OPEN_SENT;
            case 5 -> SessionState.OPEN_CONFIRM;
            case 6 -> SessionState.ESTABLISHED;
            default -> SessionState.IDLE;
        };
    }

    /** {@code gobgp -j neighbor ADDR adj-in}: every received path, the first per prefix, sorted by prefix. */
    public static List<LearnedRoute> adjIn(String json) {
        List<LearnedRoute> out = new ArrayList<>();
        JsonNode root = tree(json);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isArray() || e.getValue().isEmpty()) continue;
            out.add(route(e.getKey(), e.getValue().get(0).path("attrs")));
        }
        out.sort(java.util.Comparator.comparing(LearnedRoute::prefix));
        return out;
    }

    private static LearnedRoute route(String prefix, JsonNode attrs) {
        List<Long> path = new ArrayList<>();
        List<String> communities = new ArrayList<>();
        String nextHop = null;
        for (JsonNode a : attrs) {
            switch (a.path("type").asInt()) {
                case 2 -> a.path("as_paths").forEach(seg -> seg.path("asns").forEach(n -> path.add(n.asLong())));
                case 3 -> nextHop = a.path("nexthop").asText(null);
                case 8 -> a.path("communities").forEach(c -> communities.add((c.asLong() >>> 16) + ":" + (c.asLong() & 0xffff)));
                case 14 -> {
                    JsonNode hops = a.path("nexthop");
                    if (hops.isTextual()) nextHop = hops.asText();
                }
                case 32 -> a.path("value").forEach(l -> communities.add(l.path("ASN").asLong() + ":" + l.path("LocalData1").asLong()
                        + ":" + l.path("LocalData2").asLong()));
                default -> { }
            }
        }
        return new LearnedRoute(prefix, path, communities, nextHop);
    }

    /** {@code gobgp -j global rib}: the prefixes this speaker originates (paths with no neighbour). */
    public static Set<String> originated(String json) {
        Set<String> out = new TreeSet<>();
        JsonNode root = tree(json);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (JsonNode p : e.getValue()) if (!p.has("neighbor-ip")) out.add(e.getKey());
        }
        return out;
    }
}

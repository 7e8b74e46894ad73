package dev.galactic.controller.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.galactic.core.bgp.LearnedRoute;
import dev.galactic.core.bgp.SessionState;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceKey;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;

/**
 * What each site's BGP session last reported and which of its prefixes the controller accepted,
 * so a restarted controller keeps forwarding learned prefixes (and resolves overlaps the same
 * way) before the agents report again.
 */
public final class BgpSessionStore {

    private static final TypeReference<List<LearnedRoute>> ROUTES = new TypeReference<>() { };
    private static final TypeReference<List<String>> PREFIXES = new TypeReference<>() { };

    /**
     * @param attachment the BGP attachment (site) the session belongs to
     * @param node the node whose agent reported it
     * @param accepted the received prefixes the controller accepted
     */
    public record StoredSession(ResourceKey attachment, String node, SessionState state, List<LearnedRoute> received,
                                List<String> accepted, String detail, Instant at) {
        public StoredSession {
            received = List.copyOf(received);
            accepted = List.copyOf(accepted);
        }
    }

    private final Jdbi jdbi;

    public BgpSessionStore(Database db) {
        this.jdbi = db.jdbi();
    }

    public List<StoredSession> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT tenant, attachment, node, state, received, accepted, detail, at FROM bgp_sessions")
                .map((rs, ctx) -> {
                    ResourceKey key = new ResourceKey(Kind.ATTACHMENT, rs.getString(1), rs.getString(2));
                    String row = "BGP session of " + key.tenant() + "/" + key.name();
                    return new StoredSession(key, rs.getString(3), SessionState.valueOf(rs.getString(4)), StoredJson.read(rs.getString(5), ROUTES, row),
                            StoredJson.read(rs.getString(6), PREFIXES, row), rs.getString(7), Instant.parse(rs.getString(8)));
                }).list());
    }

    /** Replaces what was stored for the session's attachment. */
    public void save(StoredSession s) {
        String received = StoredJson.write(s.received());
        String accepted = StoredJson.write(s.accepted());
        jdbi.useTransaction(h -> {
            delete(h, s.attachment());
            h.createUpdate("INSERT INTO bgp_sessions (tenant, attachment, node, state, received, accepted, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .bind(0, s.attachment().tenant()).bind(1, s.attachment().name()).bind(2, s.node()).bind(3, s.state().name())
                    .bind(4, received).bind(5, accepted).bind(6, s.detail()).bind(7, s.at().toString()).execute();
        });
    }

    /** Forgets a deleted attachment's session. */
    public void delete(ResourceKey attachment) {
        jdbi.useHandle(h -> delete(h, attachment));
    }

    private static void delete(Handle h, ResourceKey attachment) {
        h.createUpdate("DELETE FROM bgp_sessions WHERE tenant = ? AND attachment = ?").bind(0, attachment.tenant()).bind(1, attachment.name()).execute();
    }
}

package dev.galactic.controller.store;

import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;

/**
 * The WireGuard public keys the agents reported (private keys never leave the nodes), so a
 * restarted controller renders every tunnel with its peer's key before the peer's agent is back.
 */
public final class NodePublicKeyStore {

    /** @param at when the node's agent reported it */
    public record NodePublicKey(String node, String publicKey, Instant at) {
    }

    private final Jdbi jdbi;

    public NodePublicKeyStore(Database db) {
        this.jdbi = db.jdbi();
    }

    public List<NodePublicKey> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT node, public_key, at FROM node_public_keys ORDER BY node")
                .map((rs, ctx) -> new NodePublicKey(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3))))
                .list());
    }

    /** Replaces the node's key. */
    public void save(NodePublicKey key) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM node_public_keys WHERE node = ?").bind(0, key.node()).execute();
            h.createUpdate("INSERT INTO node_public_keys (node, public_key, at) VALUES (?, ?, ?)")
                    .bind(0, key.node()).bind(1, key.publicKey()).bind(2, key.at().toString()).execute();
        });
    }
}

package dev.galactic.controller.store;

import dev.galactic.core.render.NodeConfig;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;

/**
 * Each node's desired config, so versions keep growing across controller restarts and an agent
 * that reconnects gets exactly what it had, not a re-render that might differ.
 */
public final class NodeConfigStore {

    /** A node's config as last stored, with the version and hash it was pushed under. */
    public record StoredConfig(long version, String hash, NodeConfig config) {
    }

    private final Jdbi jdbi;

    public NodeConfigStore(Database db) {
        this.jdbi = db.jdbi();
    }

    public List<StoredConfig> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT node, version, hash, document FROM node_configs")
                .map((rs, ctx) -> new StoredConfig(rs.getLong(2), rs.getString(3),
                        StoredJson.read(rs.getString(4), NodeConfig.class, "config of " + rs.getString(1))))
                .list());
    }

    /** Replaces the config of {@code stored.config().node()}. */
    public void save(StoredConfig stored, Instant at) {
        String node = stored.config().node();
        String document = StoredJson.write(stored.config());
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM node_configs WHERE node = ?").bind(0, node).execute();
            h.createUpdate("INSERT INTO node_configs (node, version, hash, document, at) VALUES (?, ?, ?, ?, ?)")
                    .bind(0, node).bind(1, stored.version()).bind(2, stored.hash()).bind(3, document).bind(4, at.toString()).execute();
        });
    }
}

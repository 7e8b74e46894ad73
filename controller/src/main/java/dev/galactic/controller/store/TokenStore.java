package dev.galactic.controller.store;

import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API tokens. The secret is shown once at creation and stored only as its SHA-256: a stolen
 * database yields no usable token.
 */
public final class TokenStore {

    /**
     * A token as stored: no secret. An operator (admin) token has neither tenant nor node; a
     * node token opens that node's agent connection only.
     */
    public record Token(String id, String tenant, String node, String description, Instant createdAt) {
        public boolean isAdmin() { return tenant == null && node == null; }

        public boolean isNode() { return node != null; }
    }

    /** A freshly created token and its secret, which exists only in this value. */
    public record Issued(Token token, String secret) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Jdbi jdbi;

    public TokenStore(Database db) {
        this.jdbi = Jdbi.create(db.dataSource());
    }

    public Issued create(String tenant, String description, Instant now) {
        return create(tenant, null, description, now);
    }

    public Issued createForNode(String node, String description, Instant now) {
        return create(null, node, description, now);
    }

    private Issued create(String tenant, String node, String description, Instant now) {
        byte[] idBytes = new byte[6];
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secretBytes);
        String id = HexFormat.of().formatHex(idBytes);
        // the id is part of the secret so a token can be recognised (and revoked) from logs
        String secret = "gx_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO tokens (id, tenant, node, secret_hash, description, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(0, id).bind(1, tenant).bind(2, node).bind(3, hash(secret)).bind(4, description).bind(5, now.toString()).execute());
        return new Issued(new Token(id, tenant, node, description, now), secret);
    }

    public Optional<Token> authenticate(String secret) {
        if (secret == null || !secret.startsWith("gx_")) return Optional.empty();
        return jdbi.withHandle(h -> h.createQuery("SELECT id, tenant, node, description, created_at FROM tokens WHERE secret_hash = ?")
                .bind(0, hash(secret))
                .map((rs, ctx) -> new Token(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Instant.parse(rs.getString(5))))
                .findOne());
    }

    public List<Token> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, tenant, node, description, created_at FROM tokens ORDER BY created_at, id")
                .map((rs, ctx) -> new Token(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Instant.parse(rs.getString(5))))
                .list());
    }

    public boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM tokens WHERE id = ?").bind(0, id).execute()) == 1;
    }

    public boolean hasAdmin() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tokens WHERE tenant IS NULL AND node IS NULL").mapTo(Integer.class).one()) > 0;
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

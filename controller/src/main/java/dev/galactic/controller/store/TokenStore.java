package dev.galactic.controller.store;

import dev.galactic.core.model.ResourceKey;
import org.jdbi.v3.core.Handle;
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

    /** The tenant or node a token was to belong to does not exist (any more); no token was made. */
    public static final class OwnerGone extends RuntimeException {
        public OwnerGone(String message) {
            super(message);
        }
    }

    /** A freshly created token and its secret, which exists only in this value. */
    public record Issued(Token token, String secret) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Jdbi jdbi;
    private final boolean postgres;

    public TokenStore(Database db) {
        this.jdbi = db.jdbi();
        this.postgres = db.flavor() == Database.Flavor.POSTGRESQL;
    }

    public Issued create(String tenant, String description, Instant now) {
        return create(tenant, null, description, now);
    }

    public Issued createForNode(String node, String description, Instant now) {
        return create(null, node, description, now);
    }

    /** @throws OwnerGone when the tenant or node does not exist when the token is stored */
    private Issued create(String tenant, String node, String description, Instant now) {
        byte[] idBytes = new byte[6];
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secretBytes);
        String id = HexFormat.of().formatHex(idBytes);
        // the id is part of the secret so a token can be recognised (and revoked) from logs
        String secret = "gx_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        String insert = "INSERT INTO tokens (id, tenant, node, secret_hash, description, created_at) SELECT :id, :tenant, :node, :hash, :description, :at";
        String ownerKind = tenant != null ? "TENANT" : node != null ? "NODE" : null;
        // the owner must exist in the same statement: a token made while its owner is being
        // deleted would outlive it. PostgreSQL (read committed) must also lock the owner's row,
        // or the deleting transaction could miss a token inserted after its own token delete.
        String sql = ownerKind == null ? insert : insert + " FROM resources WHERE kind = :kind AND tenant = '' AND name = :owner"
                + (postgres ? " FOR SHARE" : "");
        int n = jdbi.withHandle(h -> {
            var u = h.createUpdate(sql).bind("id", id).bind("tenant", tenant).bind("node", node).bind("hash", hash(secret))
                    .bind("description", description).bind("at", now.toString());
            if (ownerKind != null) u.bind("kind", ownerKind).bind("owner", tenant != null ? tenant : node);
            return u.execute();
        });
        if (n != 1) throw new OwnerGone((tenant != null ? "tenant \"" + tenant : "node \"" + node) + "\" does not exist");
        return new Issued(new Token(id, tenant, node, description, now), secret);
    }

    /**
     * Revokes the tokens of a tenant or node that is being deleted, inside the transaction that
     * deletes it: a token never outlives its owner, so a new tenant or node of the same name
     * starts without any.
     */
    static void revokeOwnedBy(Handle h, ResourceKey owner) {
        String column = switch (owner.kind()) {
            case TENANT -> "tenant";
            case NODE -> "node";
            default -> null;
        };
        if (column != null) h.createUpdate("DELETE FROM tokens WHERE " + column + " = ?").bind(0, owner.name()).execute();
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

package dev.galactic.controller.events;

import java.util.Optional;
import java.util.Set;

/**
 * Who may see an event besides the operators.
 *
 * @param tenant the tenant it concerns; null for the backbone
 * @param backbone with no tenant: every tenant may see it (the shared core), else operators only
 * @param sharedWith tenants besides {@code tenant} that may see it (an edge's uplink concerns the
 *                   tenants with sites on that edge, and no one else)
 */
public record Audience(String tenant, boolean backbone, Set<String> sharedWith) {

    public Audience {
        sharedWith = sharedWith == null ? Set.of() : Set.copyOf(sharedWith);
    }

    public static final Audience OPERATORS = new Audience(null, false, Set.of());
    public static final Audience EVERYONE = new Audience(null, true, Set.of());

    public static Audience tenant(String tenant) {
        return new Audience(tenant, false, Set.of());
    }

    /** Part of the backbone: the core's (empty) is everyone's, an edge's its tenants'. */
    public static Audience backbonePart(Optional<Set<String>> tenants) {
        return tenants.map(t -> new Audience(null, false, t)).orElse(EVERYONE);
    }

    public boolean visibleTo(String member) {
        return member.equals(tenant) || (tenant == null && backbone) || sharedWith.contains(member);
    }
}

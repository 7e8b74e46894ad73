package dev.galactic.controller.telemetry;

import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.Caller;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.telemetry.LinkId;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who may see a link's telemetry. The core is shared, so every tenant sees how it is doing; a
 * link that touches an edge shows where a tenant's sites are and how their uplinks fare, so it is
 * seen only by the tenants with an attachment on that edge (on both, for a link between two
 * edges), and by operators.
 *
 * @param edgeTenants for each edge node, the tenants with an attachment on it
 */
public record LinkAudience(Map<String, Set<String>> edgeTenants) {

    public static final LinkAudience NOBODY_ON_EDGES = new LinkAudience(Map.of());

    public LinkAudience {
        edgeTenants = Map.copyOf(edgeTenants);
    }

    public static LinkAudience of(ResourceImage image) {
        Map<String, Set<String>> byEdge = new TreeMap<>();
        for (Resource n : image.list(Kind.NODE)) {
            if (n.spec(NodeSpec.class).role() == NodeSpec.NodeRole.EDGE) byEdge.put(n.name(), new TreeSet<>());
        }
        for (Resource a : image.list(Kind.ATTACHMENT)) {
            Set<String> tenants = byEdge.get(a.spec(AttachmentSpec.class).node());
            if (tenants != null) tenants.add(a.tenant());
        }
        Map<String, Set<String>> frozen = new TreeMap<>();
        byEdge.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        return new LinkAudience(frozen);
    }

    /** The tenants that may see the link; empty means every tenant (a backbone link). */
    public Optional<Set<String>> tenants(LinkId link) {
        Set<String> a = edgeTenants.get(link.from()), b = edgeTenants.get(link.to());
        if (a == null && b == null) return Optional.empty();
        if (a == null || b == null) return Optional.of(a != null ? a : b);
        // edge to edge: probed because a VPC joins them, so of concern to tenants on both ends only
        Set<String> both = new TreeSet<>(a);
        both.retainAll(b);
        return Optional.of(Set.copyOf(both));
    }

    public boolean visibleTo(Caller caller, LinkId link) {
        return switch (caller) {
            case Caller.Operator o -> true;
            case Caller.TenantMember m -> tenants(link).map(t -> t.contains(m.tenant())).orElse(true);
        };
    }
}

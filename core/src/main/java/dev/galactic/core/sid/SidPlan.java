package dev.galactic.core.sid;

import dev.galactic.core.model.Kind;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.net.IpPrefix;
import dev.galactic.core.sid.SidAllocator.Allocation;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The SID plan, a part of the network image: the small integer ids behind node locators, tenant
 * tables and VPC decapsulation SIDs, and what they mean. {@link #next} is a pure function of the
 * plan before and the intent, so the control loop derives the plan while it applies a committed
 * batch and the store only keeps the allocations for the next start (an id must never change
 * while its owner exists, across restarts too).
 *
 * @param allocations per scope, every id handed out, the released ones included (in name order)
 * @param locators every node's locator: its explicit one, or the block's for its node id
 * @param tenantIds every tenant's id: its ASN and its tables on the edges
 * @param vpcIds every VPC's id, the argument of its decapsulation SIDs
 * @param problem why the last {@link #next} could not give every owner an id (the owners without
 *                one get no SIDs), null when it could
 */
public record SidPlan(SidLayout layout, Map<Scope, List<Allocation>> allocations, Map<String, IpPrefix> locators,
                      Map<String, Integer> tenantIds, Map<ResourceKey, Integer> vpcIds, String problem) {

    /** The kinds of owner ids are handed to; each scope counts from 1 on its own. */
    public enum Scope { NODE, TENANT, VPC }

    public SidPlan {
        EnumMap<Scope, List<Allocation>> all = new EnumMap<>(Scope.class);
        for (Scope s : Scope.values()) all.put(s, List.copyOf(allocations.getOrDefault(s, List.of())));
        allocations = java.util.Collections.unmodifiableMap(all);
        locators = Map.copyOf(locators);
        tenantIds = Map.copyOf(tenantIds);
        vpcIds = Map.copyOf(vpcIds);
    }

    /** No ids handed out yet. */
    public static SidPlan empty(SidLayout layout) {
        return new SidPlan(layout, Map.of(), Map.of(), Map.of(), Map.of(), null);
    }

    /** The plan for {@code intent}, continuing from the allocations a previous run stored. */
    public static SidPlan of(SidLayout layout, Map<Scope, List<Allocation>> stored, ResourceImage intent) {
        return new SidPlan(layout, stored, Map.of(), Map.of(), Map.of(), null).next(intent);
    }

    /** A VPC's name in the allocation table: its tenant's and its own (names hold no '/'). */
    private static String vpcName(ResourceKey vpc) { return vpc.tenant() + "/" + vpc.name(); }

    /**
     * The plan after {@code intent} was committed: new nodes, tenants and VPCs get ids, departed
     * ones release theirs (see {@link SidAllocator}). Never throws: a scope that has run out of
     * ids keeps its previous allocations and says so in {@link #problem}.
     */
    public SidPlan next(ResourceImage intent) {
        Set<String> allocatedNodes = intent.list(Kind.NODE).stream()
                .filter(n -> n.spec(NodeSpec.class).locator() == null).map(Resource::name).collect(Collectors.toSet());
        Set<String> tenants = intent.list(Kind.TENANT).stream().map(Resource::name).collect(Collectors.toSet());
        Map<String, ResourceKey> vpcs = new TreeMap<>();
        intent.list(Kind.VPC).forEach(v -> vpcs.put(vpcName(v.key()), v.key()));
        Map<Scope, List<Allocation>> next = new EnumMap<>(Scope.class);
        StringBuilder problems = new StringBuilder();
        allocate(next, problems, Scope.NODE, allocatedNodes, layout.maxNodeId());
        allocate(next, problems, Scope.TENANT, tenants, SidLayout.MAX_ARGUMENT);
        allocate(next, problems, Scope.VPC, vpcs.keySet(), SidLayout.MAX_ARGUMENT);

        Map<String, IpPrefix> locators = new TreeMap<>();
        for (Resource n : intent.list(Kind.NODE)) {
            String explicit = n.spec(NodeSpec.class).locator();
            if (explicit != null) locators.put(n.name(), IpPrefix.parse(explicit));
        }
        for (Allocation a : next.get(Scope.NODE)) if (!a.released() && allocatedNodes.contains(a.name())) locators.put(a.name(), layout.locator(a.id()));
        Map<String, Integer> t = new TreeMap<>();
        for (Allocation a : next.get(Scope.TENANT)) if (!a.released() && tenants.contains(a.name())) t.put(a.name(), a.id());
        Map<ResourceKey, Integer> v = new HashMap<>();
        for (Allocation a : next.get(Scope.VPC)) if (!a.released() && vpcs.containsKey(a.name())) v.put(vpcs.get(a.name()), a.id());
        return new SidPlan(layout, next, locators, t, v, problems.isEmpty() ? null : problems.toString());
    }

    private void allocate(Map<Scope, List<Allocation>> into, StringBuilder problems, Scope scope, Set<String> live, int maxId) {
        List<Allocation> before = allocations.getOrDefault(scope, List.of());
        try {
            into.put(scope, SidAllocator.allocate(before, live, maxId));
        } catch (IllegalStateException e) {
            into.put(scope, before);
            if (!problems.isEmpty()) problems.append("; ");
            problems.append(scope.name().toLowerCase(java.util.Locale.ROOT)).append(" ids: ").append(e.getMessage());
        }
    }

    public Optional<IpPrefix> locator(String node) { return Optional.ofNullable(locators.get(node)); }

    public Optional<Integer> tenantId(String tenant) { return Optional.ofNullable(tenantIds.get(tenant)); }

    public Optional<Integer> vpcId(String tenant, String vpc) { return Optional.ofNullable(vpcIds.get(new ResourceKey(Kind.VPC, tenant, vpc))); }

    /** The backbone's SID space, which no tenant prefix may overlap (see {@link SidLayout#space}). */
    public List<IpPrefix> space() { return layout.space(locators.values()); }
}

package dev.galactic.controller.sid;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galactic.controller.store.SidAllocationStore;
import dev.galactic.controller.store.SidAllocationStore.Scope;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.net.IpPrefix;
import dev.galactic.core.sid.SidAllocator;
import dev.galactic.core.sid.SidFunction;
import dev.galactic.core.sid.SidLayout;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Keeps the SID plan: node ids (for locators from the block) and tenant ids (for decapsulation
 * SIDs), persisted so they survive restarts, and brought up to date after every intent change.
 */
public final class SidService {

    /** The plan as the renderer and the API read it. */
    public record Plan(Map<String, IpPrefix> locators, Map<String, Integer> tenantIds, Map<ResourceKey, Integer> vpcIds) {
        public Optional<IpPrefix> locator(String node) { return Optional.ofNullable(locators.get(node)); }

        public Optional<Integer> tenantId(String tenant) { return Optional.ofNullable(tenantIds.get(tenant)); }

        public Optional<Integer> vpcId(String tenant, String vpc) { return Optional.ofNullable(vpcIds.get(new ResourceKey(Kind.VPC, tenant, vpc))); }
    }

    /** A VPC's name in the allocation table: its tenant's and its own (names hold no '/'). */
    private static String vpcName(ResourceKey vpc) { return vpc.tenant() + "/" + vpc.name(); }

    private final SidAllocationStore allocations;
    private final SidLayout layout;
    private volatile Plan plan = new Plan(Map.of(), Map.of(), Map.of());

    public SidService(SidAllocationStore allocations, SidLayout layout) {
        this.allocations = allocations;
        this.layout = layout;
    }

    public Plan plan() { return plan; }

    /** How SIDs are laid out: the block locators are allocated from. */
    public SidLayout layout() { return layout; }

    /** Allocates ids for new nodes and tenants, releases those of departed ones, and persists the change. */
    public synchronized void update(ResourceImage image) {
        Set<String> allocatedNodes = image.list(Kind.NODE).stream()
                .filter(n -> n.spec(NodeSpec.class).locator() == null).map(Resource::name).collect(Collectors.toSet());
        Set<String> tenants = image.list(Kind.TENANT).stream().map(Resource::name).collect(Collectors.toSet());
        List<SidAllocator.Allocation> nodes = sync(Scope.NODE, allocatedNodes, layout.maxNodeId());
        List<SidAllocator.Allocation> tenantIds = sync(Scope.TENANT, tenants, SidLayout.MAX_ARGUMENT);
        Map<String, ResourceKey> vpcs = new TreeMap<>();
        image.list(Kind.VPC).forEach(v -> vpcs.put(vpcName(v.key()), v.key()));
        List<SidAllocator.Allocation> vpcIds = sync(Scope.VPC, vpcs.keySet(), SidLayout.MAX_ARGUMENT);
        Map<String, IpPrefix> locators = new TreeMap<>();
        for (Resource n : image.list(Kind.NODE)) {
            String explicit = n.spec(NodeSpec.class).locator();
            if (explicit != null) locators.put(n.name(), IpPrefix.parse(explicit));
        }
        nodes.stream().filter(a -> !a.released()).forEach(a -> locators.put(a.name(), layout.locator(a.id())));
        Map<String, Integer> t = new TreeMap<>();
        tenantIds.stream().filter(a -> !a.released()).forEach(a -> t.put(a.name(), a.id()));
        Map<ResourceKey, Integer> v = new java.util.HashMap<>();
        vpcIds.stream().filter(a -> !a.released()).forEach(a -> v.put(vpcs.get(a.name()), a.id()));
        plan = new Plan(Map.copyOf(locators), Map.copyOf(t), Map.copyOf(v));
    }

    private List<SidAllocator.Allocation> sync(Scope scope, Set<String> live, int maxId) {
        return allocations.update(scope, before -> SidAllocator.allocate(before, live, maxId));
    }

    /** Adds the SIDs to a Node's or Tenant's status, as the API shows them. */
    public Resource decorate(Resource r) {
        Plan p = plan;
        return switch (r.kind()) {
            case NODE -> p.locator(r.name()).map(loc -> {
                ObjectNode s = status(r);
                s.putObject("sids").put("locator", loc.toString()).put("address", SidLayout.nodeAddress(loc).toString())
                        .put("end", SidLayout.sid(loc, SidFunction.END, 0).toString());
                return r.withStatus(s);
            }).orElse(r);
            case TENANT -> p.tenantId(r.name()).map(id -> {
                ObjectNode s = status(r);
                s.putObject("sids").put("tenantId", id);
                return r.withStatus(s);
            }).orElse(r);
            case VPC -> p.vpcId(r.tenant(), r.name()).map(id -> {
                ObjectNode s = status(r);
                s.putObject("sids").put("vpcId", id);
                return r.withStatus(s);
            }).orElse(r);
            default -> r;
        };
    }

    private static ObjectNode status(Resource r) {
        return r.status() instanceof ObjectNode o ? o.deepCopy() : ResourceCodec.json().createObjectNode();
    }
}

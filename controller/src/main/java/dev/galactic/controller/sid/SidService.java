package dev.galactic.controller.sid;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galactic.controller.loop.Publisher;
import dev.galactic.controller.store.SidAllocationStore;
import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.image.NetworkImage;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.sid.SidAllocator.Allocation;
import dev.galactic.core.sid.SidFunction;
import dev.galactic.core.sid.SidLayout;
import dev.galactic.core.sid.SidPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The loop's first publisher: keeps the image's SID allocations in the store, so that a restart
 * derives the same plan (an id must not change while its owner exists). The plan itself is part
 * of the image ({@link SidPlan#next}).
 */
public final class SidService implements Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(SidService.class);

    private final SidAllocationStore store;
    /** What the store holds. */
    private Map<SidPlan.Scope, List<Allocation>> stored;

    public SidService(SidAllocationStore store) {
        this.store = store;
        this.stored = store.load();
    }

    /** The plan for the stored intent, continuing from the stored allocations, which now include it. */
    public SidPlan restore(SidLayout layout, ResourceImage intent) {
        SidPlan plan = SidPlan.of(layout, stored, intent);
        save(plan);
        return plan;
    }

    @Override
    public String name() { return "sids"; }

    @Override
    public void publish(NetworkDelta delta, NetworkImage image) {
        if (delta.intent() != null) save(image.sids());
    }

    private void save(SidPlan plan) {
        if (plan.problem() != null) LOG.error("SID plan: {}; the owners without an id get no SIDs", plan.problem());
        if (plan.allocations().equals(stored)) return;
        store.save(stored, plan.allocations());
        stored = plan.allocations();
    }

    /** Adds the SIDs to a Node's, Tenant's or VPC's status, as the API shows them. */
    public static Resource decorate(Resource r, SidPlan p) {
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

package dev.galactic.lab.topology;

import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.LinkSpec.LinkKind;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.ObjectMeta;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.TenantSpec;
import dev.galactic.lab.topology.LabPlan.LinkPlan;
import dev.galactic.lab.topology.LabPlan.NodePlan;
import dev.galactic.lab.topology.Topology.LinkRole;

import java.util.ArrayList;
import java.util.List;

/**
 * The lab as the controller sees it: one Tenant per tenant, one Node per core and edge, one Link
 * per underlay link. VPCs and attachments are tenant intent and left to whoever drives the lab.
 */
public final class LabResources {

    private LabResources() {
    }

    public static List<Resource> of(LabPlan plan) {
        List<Resource> out = new ArrayList<>();
        for (Topology.Tenant t : plan.topology().tenants()) {
            out.add(Resource.of(Kind.TENANT, ObjectMeta.of(t.name(), null), new TenantSpec(t.name(), null, null)));
        }
        for (NodePlan n : plan.nodes()) {
            List<String> underlay = new ArrayList<>();
            underlay.add(n.loopback());
            for (LinkPlan l : plan.links()) {
                if (l.a().node().equals(n.name())) underlay.add(l.a().address());
                if (l.b().node().equals(n.name())) underlay.add(l.b().address());
            }
            NodeSpec spec = new NodeSpec(n.node().role(), n.node().location(), underlay, n.node().locator().toString());
            out.add(Resource.of(Kind.NODE, ObjectMeta.of(n.name(), null), spec));
        }
        for (LinkPlan l : plan.links()) {
            LinkKind kind = l.link().role() == LinkRole.UPLINK ? LinkKind.WIREGUARD : LinkKind.PHYSICAL;
            double delay = l.link().impairment().delayMs();
            LinkSpec spec = new LinkSpec(l.link().a(), l.link().b(), kind, l.link().cost(), null, delay);
            out.add(Resource.of(Kind.LINK, ObjectMeta.of(l.name(), null), spec));
        }
        return out;
    }
}

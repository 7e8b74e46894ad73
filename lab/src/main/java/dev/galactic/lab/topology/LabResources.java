package dev.galactic.lab.topology;

import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.model.VpcSpec;
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
 * The lab as the controller sees it: one Node per core and edge, one Link per underlay link, and
 * per tenant a Tenant, one traffic class of the topology's mode, one VPC named {@value #VPC}
 * (with the tenant's waypoints) and one Attachment per site, named like the site.
 */
public final class LabResources {

    /** The name of each tenant's VPC. */
    public static final String VPC = "main";

    private LabResources() {
    }

    /** The name of a tenant's traffic class: its mode, as the spec writes it ("lowest-latency"). */
    public static String className(Topology.Tenant t) {
        return t.trafficClass().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The tenant's VPC with its waypoints; also what a test changes to move traffic. */
    public static Resource vpc(Topology.Tenant t, List<String> waypoints) {
        return Resource.of(Kind.VPC, ObjectMeta.of(VPC, t.name()), new VpcSpec(VpcSpec.VpcType.L3VPN, className(t), null,
                waypoints, List.of(), List.of(), null));
    }

    private static TrafficClassSpec classSpec(TrafficClassSpec.Mode mode) {
        return switch (mode) {
            // a lab tenant always gets a path: when none meets the class it is flagged, not dropped
            case LOSSLESS_FEC -> new TrafficClassSpec(mode, null, new TrafficClassSpec.Fec(TrafficClassSpec.FecScheme.DUPLICATION, null, null, 0.01),
                    null, new TrafficClassSpec.Fallback(TrafficClassSpec.FallbackAction.BEST_EFFORT, null));
            case SUSTAINED_BANDWIDTH -> new TrafficClassSpec(mode, null, null, 10.0,
                    new TrafficClassSpec.Fallback(TrafficClassSpec.FallbackAction.BEST_EFFORT, null));
            default -> new TrafficClassSpec(mode, null, null, null, new TrafficClassSpec.Fallback(TrafficClassSpec.FallbackAction.BEST_EFFORT, null));
        };
    }

    /**
     * A site's Attachment. A BGP site declares no static prefix: its prefixes are only allowed
     * (exactly) and reach the VPC when its customer router announces them, so forwarding to them
     * proves the learned routes.
     */
    static Resource attachment(LabPlan plan, Topology.Site s) {
        List<String> prefixes = s.prefixes().stream().map(Object::toString).toList();
        AttachmentSpec spec;
        if (s.bgp() == null) {
            spec = new AttachmentSpec(VPC, s.edge(), AttachmentSpec.AttachmentKind.WIREGUARD_EDGE, prefixes, null, null);
        } else {
            String peer = plan.sites().stream().filter(p -> p.name().equals(s.name())).findFirst().orElseThrow().hostV4();
            spec = new AttachmentSpec(VPC, s.edge(), AttachmentSpec.AttachmentKind.PORT, List.of(), null, new AttachmentSpec.Bgp(s.bgp().asn(), peer,
                    prefixes.stream().map(p -> new AttachmentSpec.AllowedPrefix(p, null)).toList(), List.of(), s.bgp().maxPrefixes(),
                    s.bgp().maxPrefixes() == null ? null : AttachmentSpec.MaxPrefixAction.STOP_LEARNING, null, null));
        }
        return Resource.of(Kind.ATTACHMENT, ObjectMeta.of(s.name(), s.tenant()), spec);
    }

    public static List<Resource> of(LabPlan plan) {
        List<Resource> out = new ArrayList<>();
        for (Topology.Tenant t : plan.topology().tenants()) {
            out.add(Resource.of(Kind.TENANT, ObjectMeta.of(t.name(), null), new TenantSpec(t.name(), null, null)));
            out.add(Resource.of(Kind.TRAFFIC_CLASS, ObjectMeta.of(className(t), t.name()), classSpec(t.trafficClass())));
            out.add(vpc(t, t.waypoints()));
            for (Topology.Site s : t.sites()) out.add(attachment(plan, s));
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
            LinkSpec spec = new LinkSpec(l.link().a(), l.link().b(), kind, l.link().cost(), null, delay, l.mtu());
            out.add(Resource.of(Kind.LINK, ObjectMeta.of(l.name(), null), spec));
        }
        return out;
    }
}

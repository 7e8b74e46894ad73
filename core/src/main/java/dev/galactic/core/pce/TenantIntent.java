package dev.galactic.core.pce;

import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.model.VpcSpec;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one tenant asks of the PCE for one VPC: its sites and the traffic classes to compute
 * paths for between them. Paths are computed for every class in {@code classes}; a class's
 * fallback may name another class of the map.
 */
public record TenantIntent(String tenant, String vpc, VpcSpec spec, SortedMap<String, AttachmentSpec> attachments,
                           SortedMap<String, TrafficClassSpec> classes) {

    public TenantIntent {
        attachments = Collections.unmodifiableSortedMap(new TreeMap<>(attachments));
        classes = Collections.unmodifiableSortedMap(new TreeMap<>(classes));
    }

    /** From resources: the VPC, its attachments (others are ignored) and the tenant's classes. */
    public static TenantIntent of(Resource vpc, Collection<Resource> attachments, Collection<Resource> classes) {
        SortedMap<String, AttachmentSpec> sites = new TreeMap<>();
        for (Resource r : attachments) {
            if (r.kind() != Kind.ATTACHMENT || !vpc.tenant().equals(r.tenant())) continue;
            AttachmentSpec a = r.spec(AttachmentSpec.class);
            if (vpc.name().equals(a.vpc())) sites.put(r.name(), a);
        }
        SortedMap<String, TrafficClassSpec> cls = new TreeMap<>();
        for (Resource r : classes) {
            if (r.kind() == Kind.TRAFFIC_CLASS && vpc.tenant().equals(r.tenant())) cls.put(r.name(), r.spec(TrafficClassSpec.class));
        }
        return new TenantIntent(vpc.tenant(), vpc.name(), vpc.spec(VpcSpec.class), sites, cls);
    }

    /** Ordered pairs of sites that get a path: all of them in a full mesh, those touching a hub otherwise. */
    boolean wantsPath(String from, String to) {
        if (from.equals(to)) return false;
        if (spec.topology().mode() == VpcSpec.TopologyMode.FULL_MESH) return true;
        return spec.topology().hubs().contains(from) || spec.topology().hubs().contains(to);
    }
}

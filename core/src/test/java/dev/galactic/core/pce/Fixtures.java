package dev.galactic.core.pce;

import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.ObjectMeta;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.model.VpcSpec;
import dev.galactic.core.telemetry.EpochNanos;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Small builders for test topologies and intents. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {}

    static Resource core(String name, String country) {
        return Resource.of(Kind.NODE, ObjectMeta.of(name, null),
                new NodeSpec(NodeSpec.NodeRole.CORE, new NodeSpec.Location(0.0, 0.0, country, null), List.of(), null));
    }

    static Resource edge(String name, String country) {
        return Resource.of(Kind.NODE, ObjectMeta.of(name, null),
                new NodeSpec(NodeSpec.NodeRole.EDGE, new NodeSpec.Location(0.0, 0.0, country, null), List.of(), null));
    }

    static Resource link(String a, String b, double cost, double latencyMs) {
        return Resource.of(Kind.LINK, ObjectMeta.of(a + "--" + b, null),
                new LinkSpec(a, b, LinkSpec.LinkKind.PHYSICAL, cost, null, latencyMs, null));
    }

    static LinkReading state(String from, String to, double latency, double jitter, double lossPercent, double bw) {
        return reading(null, from, to, latency, jitter, lossPercent, bw, true, T0);
    }

    static LinkReading down(String from, String to) {
        return reading(null, from, to, 1, 0, 0, 0, false, T0);
    }

    /** A stated reading of link {@code from -> to} (named {@code link}, or null for the pair alone). */
    static LinkReading reading(String link, String from, String to, double latency, double jitter, double lossPercent, double bw,
                               boolean up, Instant measuredAt) {
        return new LinkReading(link, LinkState.of(LinkId.of(from, to), up, latency, jitter, lossPercent, bw, EpochNanos.of(measuredAt)));
    }

    static TrafficClassSpec cls(TrafficClassSpec.Mode mode, Double maxLatency, Double maxJitter, Double maxLoss, Double minBw) {
        return new TrafficClassSpec(mode, new TrafficClassSpec.Thresholds(maxLatency, maxJitter, maxLoss, minBw), null, null, null);
    }

    static TenantIntent intent(String tenant, VpcSpec vpc, Map<String, String> siteToNode, Map<String, TrafficClassSpec> classes) {
        SortedMap<String, AttachmentSpec> sites = new TreeMap<>();
        siteToNode.forEach((site, node) -> sites.put(site, new AttachmentSpec("vpc", node, AttachmentSpec.AttachmentKind.WIREGUARD_EDGE, List.of(), null, null)));
        return new TenantIntent(tenant, "vpc", vpc, sites, new TreeMap<>(classes));
    }

    static VpcSpec vpc(List<String> mustInclude, List<String> mustAvoid, List<String> countries, Integer maxHops) {
        return new VpcSpec(VpcSpec.VpcType.L3VPN, null, null, mustInclude, mustAvoid, countries, maxHops);
    }

    static List<Resource> concat(List<Resource> a, List<Resource> b) {
        List<Resource> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}

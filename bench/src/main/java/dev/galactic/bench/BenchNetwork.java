package dev.galactic.bench;

import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.ObjectMeta;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.model.TrafficClassSpec.Mode;
import dev.galactic.core.model.VpcSpec;
import dev.galactic.core.pce.Freshness;
import dev.galactic.core.pce.Geo;
import dev.galactic.core.pce.LinkReading;
import dev.galactic.core.pce.Network;
import dev.galactic.core.pce.TenantIntent;
import dev.galactic.core.telemetry.EpochNanos;
import dev.galactic.core.telemetry.LinkState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A deterministic synthetic backbone: cores at pseudo-random city coordinates in a full mesh
 * (latency from great-circle distance with a 1.3 route factor), edges with uplinks to their
 * nearest cores, measured states with some loss and jitter, and tenants with classes,
 * exclusions and waypoints.
 */
public record BenchNetwork(String scenario, List<Resource> nodes, List<Resource> links, List<LinkReading> states,
                           List<TenantIntent> intents, Network network) {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final List<String> COUNTRIES = List.of("US", "CA", "BR", "GB", "DE", "FR", "NL", "SE", "PL", "ES", "IT", "IN",
            "SG", "JP", "KR", "AU", "ZA", "AE", "MX", "CN");

    public record Size(int cores, int edges, int uplinks, int tenants, int sitesPerTenant, int classesPerTenant) {}

    public static Size size(String scenario) {
        return switch (scenario.toUpperCase(java.util.Locale.ROOT)) {
            case "S" -> new Size(20, 200, 3, 100, 8, 3);
            case "M" -> new Size(80, 800, 3, 400, 8, 3);
            case "L" -> new Size(200, 2000, 3, 1000, 8, 3);
            default -> throw new IllegalArgumentException("scenario must be S, M or L");
        };
    }

    public static BenchNetwork generate(String scenario, long seed) {
        Size z = size(scenario);
        Random rnd = new Random(seed);
        List<Resource> nodes = new ArrayList<>();
        List<Resource> links = new ArrayList<>();
        double[][] coreAt = new double[z.cores()][];
        String[] coreCountry = new String[z.cores()];
        for (int i = 0; i < z.cores(); i++) {
            coreAt[i] = new double[]{-45 + rnd.nextDouble() * 105, -180 + rnd.nextDouble() * 360};
            coreCountry[i] = COUNTRIES.get(rnd.nextInt(COUNTRIES.size()));
            nodes.add(node(core(i), NodeSpec.NodeRole.CORE, coreAt[i], coreCountry[i]));
        }
        for (int i = 0; i < z.cores(); i++) {
            for (int j = i + 1; j < z.cores(); j++) {
                double ms = 1.3 * Geo.fibreLatencyMs(coreAt[i][0], coreAt[i][1], coreAt[j][0], coreAt[j][1]) + 0.1;
                long cap = List.of(10_000L, 40_000L, 100_000L).get(rnd.nextInt(3));
                links.add(link(core(i), core(j), 1 + rnd.nextInt(20), cap, ms));
            }
        }
        for (int e = 0; e < z.edges(); e++) {
            int home = rnd.nextInt(z.cores());
            double[] at = {coreAt[home][0] + rnd.nextGaussian(), coreAt[home][1] + rnd.nextGaussian()};
            nodes.add(node(edge(e), NodeSpec.NodeRole.EDGE, at, coreCountry[home]));
            Integer[] order = new Integer[z.cores()];
            for (int c = 0; c < z.cores(); c++) order[c] = c;
            java.util.Arrays.sort(order, Comparator.comparingDouble(c -> Geo.greatCircleKm(at[0], at[1], coreAt[c][0], coreAt[c][1])));
            for (int u = 0; u < z.uplinks(); u++) {
                int c = order[u];
                double ms = 1.3 * Geo.fibreLatencyMs(at[0], at[1], coreAt[c][0], coreAt[c][1]) + 0.5;
                links.add(link(edge(e), core(c), 5, List.of(1_000L, 10_000L).get(rnd.nextInt(2)), ms));
            }
        }
        Network plain = Network.build(nodes, links, List.of(), Freshness.IGNORE);
        List<LinkReading> states = new ArrayList<>(plain.linkCount());
        // Drawn per link resource in name order, a->b then b->a, not in the engine's internal
        // link numbering: a change to that numbering must not change the scenario.
        List<Resource> byName = links.stream().sorted(Comparator.comparing(Resource::name)).toList();
        for (int i = 0; i < plain.linkCount(); i++) {
            LinkSpec spec = byName.get(i / 2).spec(LinkSpec.class);
            String from = i % 2 == 0 ? spec.a() : spec.b(), to = i % 2 == 0 ? spec.b() : spec.a();
            int l = plain.findLink(byName.get(i / 2).name(), from, to).orElseThrow();
            double loss = rnd.nextInt(10) == 0 ? rnd.nextInt(50) / 100.0 : 0;
            double jitter = rnd.nextInt(100) / 100.0;
            double lat = plain.latencyMs(l) * (1 + rnd.nextInt(10) / 100.0);
            states.add(reading(plain, l, lat, jitter, loss, plain.bandwidthMbps(l) * (0.5 + rnd.nextInt(2) / 2.0), true));
        }
        List<TrafficClassSpec> templates = classTemplates();
        List<TenantIntent> intents = new ArrayList<>();
        for (int t = 0; t < z.tenants(); t++) {
            SortedMap<String, AttachmentSpec> sites = new TreeMap<>();
            for (int s = 0; s < z.sitesPerTenant(); s++) {
                sites.put("site-" + s, new AttachmentSpec("vpc", edge(rnd.nextInt(z.edges())), AttachmentSpec.AttachmentKind.WIREGUARD_EDGE,
                        List.of(), null, null));
            }
            SortedMap<String, TrafficClassSpec> classes = new TreeMap<>();
            int first = rnd.nextInt(templates.size());
            for (int c = 0; c < z.classesPerTenant(); c++) classes.put("class-" + c, templates.get((first + c) % templates.size()));
            List<String> avoid = List.of(), countries = List.of(), waypoints = List.of();
            if (t % 10 == 0) { // 10%: a few geo-fencing policies shared by many tenants, some waypoints
                switch ((t / 10) % 4) {
                    case 0 -> countries = List.of("CN");
                    case 1 -> countries = List.of("US", "CN");
                    case 2 -> avoid = List.of(core(rnd.nextInt(z.cores())));
                    default -> waypoints = List.of(core(rnd.nextInt(z.cores())));
                }
            }
            VpcSpec vpc = new VpcSpec(VpcSpec.VpcType.L3VPN, "class-0", null, waypoints, avoid, countries, null);
            intents.add(new TenantIntent("tenant-" + t, "vpc", vpc, sites, classes));
        }
        Network g = Network.build(nodes, links, states, Freshness.IGNORE);
        return new BenchNetwork(scenario, nodes, links, states, intents, g);
    }

    /** Directed link l of g with these figures, as measured at {@link #T0}. */
    static LinkReading reading(Network g, int l, double latencyMs, double jitterMs, double lossPercent, double bandwidthMbps, boolean up) {
        return new LinkReading(g.linkName(l), LinkState.of(g.linkId(l), up, latencyMs, jitterMs, lossPercent, bandwidthMbps, EpochNanos.of(T0)));
    }

    static List<TrafficClassSpec> classTemplates() {
        return List.of(
                new TrafficClassSpec(Mode.LOWEST_LATENCY, new TrafficClassSpec.Thresholds(250.0, null, 0.5, null), null, null,
                        new TrafficClassSpec.Fallback(TrafficClassSpec.FallbackAction.BEST_EFFORT, null)),
                new TrafficClassSpec(Mode.LOWEST_COST, null, null, null, null),
                new TrafficClassSpec(Mode.ZERO_LOSS, null, null, null, null),
                new TrafficClassSpec(Mode.LOSSLESS_FEC, null, new TrafficClassSpec.Fec(TrafficClassSpec.FecScheme.DUPLICATION, null, null, 0.01),
                        null, null),
                new TrafficClassSpec(Mode.SUSTAINED_BANDWIDTH, null, null, 500.0, null));
    }

    static String core(int i) { return String.format("core-%03d", i); }

    static String edge(int i) { return String.format("edge-%04d", i); }

    private static Resource node(String name, NodeSpec.NodeRole role, double[] at, String country) {
        return Resource.of(Kind.NODE, ObjectMeta.of(name, null),
                new NodeSpec(role, new NodeSpec.Location(at[0], at[1], country, null), List.of(), null));
    }

    private static Resource link(String a, String b, double cost, long capacity, double ms) {
        return Resource.of(Kind.LINK, ObjectMeta.of(a + "--" + b, null),
                new LinkSpec(a, b, LinkSpec.LinkKind.WAVE, cost, capacity, ms, null));
    }
}

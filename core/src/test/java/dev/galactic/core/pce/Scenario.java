package dev.galactic.core.pce;

import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.model.TrafficClassSpec.Mode;
import dev.galactic.core.model.VpcSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/** A generated network with link states and tenant intents, reproducible from a seed. */
record Scenario(List<Resource> nodes, List<Resource> links, List<LinkReading> states, List<TenantIntent> intents) {

    static final List<String> COUNTRIES = List.of("DE", "FR", "US", "JP");

    Network network() { return Network.build(nodes, links, states, Freshness.IGNORE); }

    /** Random cores and links, then random edges, link states and tenants. */
    static Scenario random(long seed) {
        Random rnd = new Random(seed);
        int nc = 4 + rnd.nextInt(11);
        List<Resource> nodes = new ArrayList<>();
        List<Resource> links = new ArrayList<>();
        for (int i = 0; i < nc; i++) nodes.add(Fixtures.core("c" + i, COUNTRIES.get(rnd.nextInt(COUNTRIES.size()))));
        java.util.Set<String> pairs = new java.util.HashSet<>();
        for (int i = 1; i < nc; i++) addLink(links, pairs, "c" + rnd.nextInt(i), "c" + i, rnd);
        for (int i = 0; i < nc; i++) for (int j = i + 1; j < nc; j++) if (rnd.nextDouble() < 0.25) addLink(links, pairs, "c" + i, "c" + j, rnd);
        if (rnd.nextInt(4) == 0 && nc > 1) {
            // a parallel link: two links between the same pair of cores
            links.add(Fixtures.link("c0", "c1", 1 + rnd.nextInt(20), 5).withMetadata(dev.galactic.core.model.ObjectMeta.of("c0--c1-b", null)));
        }
        return withEdgesAndTenants(nodes, links, nc, rnd);
    }

    private static void addLink(List<Resource> links, java.util.Set<String> pairs, String a, String b, Random rnd) {
        if (!pairs.add(a + "|" + b)) return;
        links.add(Fixtures.link(a, b, 1 + rnd.nextInt(20), 1 + rnd.nextInt(30)));
    }

    /** Adds edges, uplinks, states and tenants to a core network (cores named in nodes). */
    static Scenario withEdgesAndTenants(List<Resource> coreNodes, List<Resource> coreLinks, int edgeCountHint, Random rnd) {
        List<Resource> nodes = new ArrayList<>(coreNodes);
        List<Resource> links = new ArrayList<>(coreLinks);
        List<String> cores = coreNodes.stream().map(Resource::name).sorted().toList();
        int ne = 3 + rnd.nextInt(4);
        List<String> edges = new ArrayList<>();
        for (int i = 0; i < ne; i++) {
            String e = "e" + i;
            edges.add(e);
            nodes.add(Fixtures.edge(e, COUNTRIES.get(rnd.nextInt(COUNTRIES.size()))));
            int up = 1 + rnd.nextInt(Math.min(3, cores.size()));
            List<String> shuffled = new ArrayList<>(cores);
            java.util.Collections.shuffle(shuffled, rnd);
            for (int u = 0; u < up; u++) links.add(Fixtures.link(e, shuffled.get(u), 1 + rnd.nextInt(5), 1 + rnd.nextInt(10)));
        }
        if (rnd.nextInt(5) == 0) links.add(Fixtures.link("e0", "e1", 1 + rnd.nextInt(50), 1 + rnd.nextInt(60)));
        List<LinkReading> states = new ArrayList<>();
        Network plain = Network.build(nodes, links, List.of(), Freshness.IGNORE);
        for (int l = 0; l < plain.linkCount(); l++) {
            if (rnd.nextInt(10) == 0) continue; // some links keep their inventory facts
            states.add(randomState(plain, l, rnd));
        }
        List<TenantIntent> intents = new ArrayList<>();
        int tenants = 1 + rnd.nextInt(3);
        for (int t = 0; t < tenants; t++) intents.add(randomIntent("t" + t, cores, edges, rnd));
        return new Scenario(nodes, links, states, intents);
    }

    /** About a fifth of the cores, chosen by {@code seed}, that a tree may not cross. */
    static boolean[] blockedCores(Network g, long seed) {
        Random rnd = new Random(seed);
        boolean[] blocked = new boolean[g.coreCount()];
        for (int c = 0; c < blocked.length; c++) blocked[c] = rnd.nextInt(5) == 0;
        return blocked;
    }

    /** The weights of a class of {@code mode} with no limits: what a tree search runs on. */
    static Weights plainWeights(Network g, TrafficClassSpec.Mode mode) {
        TrafficClass cls = TrafficClass.of("k", new TrafficClassSpec(mode, null, null, null, null));
        return Weights.compute(g, cls, cls.objective(), 0);
    }

    static LinkReading randomState(Network g, int l, Random rnd) {
        double latency = g.latencyMs(l) * (0.8 + rnd.nextInt(41) / 100.0);
        latency = Math.round(latency * 100) / 100.0 + 0.01;
        double jitter = rnd.nextInt(400) / 100.0;
        double loss = rnd.nextInt(10) < 6 ? 0 : rnd.nextInt(300) / 100.0;
        double bw = List.of(100.0, 500.0, 1000.0, 10000.0).get(rnd.nextInt(4));
        boolean up = rnd.nextInt(100) < 92;
        return Fixtures.reading(g.linkName(l), g.nodeName(g.src(l)), g.nodeName(g.dst(l)), latency, jitter, loss, bw, up, Fixtures.T0);
    }

    static TenantIntent randomIntent(String tenant, List<String> cores, List<String> edges, Random rnd) {
        int sites = 2 + rnd.nextInt(3);
        Map<String, String> siteToNode = new LinkedHashMap<>();
        for (int s = 0; s < sites; s++) siteToNode.put("s" + s, edges.get(rnd.nextInt(edges.size())));
        List<String> avoid = rnd.nextInt(5) == 0 ? List.of(cores.get(rnd.nextInt(cores.size()))) : List.of();
        List<String> countries = rnd.nextInt(7) == 0 ? List.of(COUNTRIES.get(rnd.nextInt(COUNTRIES.size()))) : List.of();
        List<String> waypoints = new ArrayList<>();
        if (rnd.nextInt(7) == 0) {
            int k = 1 + rnd.nextInt(2);
            for (int i = 0; i < k; i++) waypoints.add(cores.get(rnd.nextInt(cores.size())));
        }
        Integer maxHops = rnd.nextInt(5) == 0 ? 3 + rnd.nextInt(4) : null;
        VpcSpec.Topology topo = rnd.nextInt(5) == 0 ? new VpcSpec.Topology(VpcSpec.TopologyMode.HUB_AND_SPOKE, List.of("s0"))
                : VpcSpec.Topology.FULL_MESH;
        VpcSpec vpc = new VpcSpec(VpcSpec.VpcType.L3VPN, null, topo, waypoints, avoid, countries, maxHops);
        SortedMap<String, TrafficClassSpec> classes = new TreeMap<>();
        int nClasses = 2 + rnd.nextInt(2);
        for (int c = 0; c < nClasses; c++) classes.put("k" + c, randomClass(rnd, nClasses, c));
        return Fixtures.intent(tenant, vpc, siteToNode, classes);
    }

    static TrafficClassSpec randomClass(Random rnd, int nClasses, int self) {
        Mode mode = Mode.values()[rnd.nextInt(Mode.values().length)];
        Double maxLat = rnd.nextInt(3) == 0 ? 20.0 + rnd.nextInt(100) : null;
        Double maxJit = rnd.nextInt(4) == 0 ? 3.0 + rnd.nextInt(6) : null;
        Double maxLoss = rnd.nextInt(4) == 0 ? 0.5 + rnd.nextInt(25) / 10.0 : null;
        Double minBw = rnd.nextInt(5) == 0 ? List.of(100.0, 500.0, 1000.0).get(rnd.nextInt(3)) : null;
        TrafficClassSpec.Fec fec = null;
        Double demand = null;
        if (mode == Mode.LOSSLESS_FEC) {
            double target = List.of(0.01, 0.05, 0.2, 1.0).get(rnd.nextInt(4));
            if (rnd.nextBoolean()) fec = new TrafficClassSpec.Fec(TrafficClassSpec.FecScheme.DUPLICATION, null, null, target);
            else {
                int k = 2 + rnd.nextInt(7);
                fec = new TrafficClassSpec.Fec(TrafficClassSpec.FecScheme.ERASURE, k, k + 1 + rnd.nextInt(3), target);
            }
        }
        if (mode == Mode.SUSTAINED_BANDWIDTH) demand = List.of(50.0, 100.0, 500.0).get(rnd.nextInt(3));
        TrafficClassSpec.Fallback fb = switch (rnd.nextInt(5)) {
            case 0 -> new TrafficClassSpec.Fallback(TrafficClassSpec.FallbackAction.BEST_EFFORT, null);
            case 1 -> new TrafficClassSpec.Fallback(TrafficClassSpec.FallbackAction.CLASS, "k" + ((self + 1) % nClasses));
            case 2 -> new TrafficClassSpec.Fallback(TrafficClassSpec.FallbackAction.DROP, null);
            default -> TrafficClassSpec.Fallback.NONE;
        };
        return new TrafficClassSpec(mode, new TrafficClassSpec.Thresholds(maxLat, maxJit, maxLoss, minBw), fec, demand, fb);
    }

    /** Link facts by directed link, read from the resources and states only (for the oracle). */
    Map<String, double[]> linkFacts() {
        Map<String, double[]> facts = new HashMap<>();
        for (Resource r : links) {
            LinkSpec s = r.spec(LinkSpec.class);
            double cap = s.capacityMbps() == null ? Double.POSITIVE_INFINITY : s.capacityMbps();
            facts.put(r.name() + "|" + s.a() + "->" + s.b(), new double[]{s.costOrDefault(), s.latencyMs(), 0, 0, cap, 1});
            facts.put(r.name() + "|" + s.b() + "->" + s.a(), new double[]{s.costOrDefault(), s.latencyMs(), 0, 0, cap, 1});
        }
        Map<String, Double> capacity = new HashMap<>();
        facts.forEach((k, f) -> capacity.put(k, f[4]));
        for (LinkReading st : states) {
            double[] f = facts.get(st.linkName() + "|" + st.from() + "->" + st.to());
            f[1] = st.state().latencyMs();
            f[2] = st.state().jitterMs();
            f[3] = st.state().lossPercent() / 100;
            // no figure exceeds the declared capacity
            f[4] = Math.min(st.state().availableBandwidthMbps(), capacity.get(st.linkName() + "|" + st.from() + "->" + st.to()));
            f[5] = st.state().up() ? 1 : 0;
        }
        return facts;
    }

    Map<String, NodeSpec> nodeSpecs() {
        Map<String, NodeSpec> out = new HashMap<>();
        for (Resource r : nodes) if (r.kind() == Kind.NODE) out.put(r.name(), r.spec(NodeSpec.class));
        return out;
    }

    Map<String, String> siteNodes(TenantIntent t) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, AttachmentSpec> e : t.attachments().entrySet()) out.put(e.getKey(), e.getValue().node());
        return out;
    }
}

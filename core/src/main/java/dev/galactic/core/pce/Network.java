package dev.galactic.core.pce;

import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.Resource;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The backbone as compact arrays: nodes and directed links are int indices, metrics are
 * parallel {@code double[]}s, out-links are in CSR form. Immutable; a link-state change makes
 * a new network that shares the topology arrays and copies only the metric arrays.
 *
 * <p>Every Link resource becomes two directed links, because telemetry measures each
 * direction on its own.
 */
public final class Network {

    /** Latency assumed for a link with neither a measurement, a nominal latency nor coordinates. */
    static final double UNKNOWN_LATENCY_MS = 1.0;

    private final String[] nodeNames;
    private final boolean[] core;
    private final String[] country;
    private final Map<String, Integer> nodeIndex;
    private final int coreCount;

    private final String[] linkNames;
    private final int[] src;
    private final int[] dst;
    private final int[] reverse;
    private final int[] outStart;
    private final int[] outLinks;
    /** Per core, the end of the run of its out-links to cores (destinations ascend: edges come after). */
    private final int[] coreOutEnd;
    private final Map<String, Integer> directedIndex;

    private final double[] cost;
    private final double[] latency;
    private final double[] jitter;
    private final double[] loss;
    private final double[] bandwidth;
    /** Declared capacity (a topology fact, shared): no measurement, or lack of one, exceeds it. */
    private final double[] capacity;
    private final boolean[] up;
    /**
     * Boxed bandwidths handed to results, filled on first use and shared with the networks
     * derived from this one: a slot whose value no longer matches this network's is boxed
     * again. Races only box twice (a {@code Double} is immutable).
     */
    private final Double[] bandwidthBoxes;
    /** The names results print, shared by every snapshot of this topology (see {@link PathNames}). */
    private final PathNames pathNames;

    private Network(String[] nodeNames, boolean[] core, String[] country, Map<String, Integer> nodeIndex,
                    String[] linkNames, int[] src, int[] dst, int[] reverse, int[] outStart, int[] outLinks, int[] coreOutEnd,
                    Map<String, Integer> directedIndex, double[] cost, double[] latency, double[] jitter,
                    double[] loss, double[] bandwidth, double[] capacity, boolean[] up, Double[] bandwidthBoxes, PathNames pathNames) {
        this.nodeNames = nodeNames;
        this.core = core;
        this.country = country;
        this.nodeIndex = nodeIndex;
        int c = 0;
        while (c < core.length && core[c]) c++;
        this.coreCount = c;
        this.linkNames = linkNames;
        this.src = src;
        this.dst = dst;
        this.reverse = reverse;
        this.outStart = outStart;
        this.outLinks = outLinks;
        if (coreOutEnd == null) { // a new topology; its snapshots share these
            coreOutEnd = new int[coreCount];
            for (int u = 0; u < coreCount; u++) {
                int i = outStart[u];
                while (i < outStart[u + 1] && dst[outLinks[i]] < coreCount) i++;
                coreOutEnd[u] = i;
            }
        }
        this.coreOutEnd = coreOutEnd;
        this.directedIndex = directedIndex;
        this.cost = cost;
        this.latency = latency;
        this.jitter = jitter;
        this.loss = loss;
        this.bandwidth = bandwidth;
        this.capacity = capacity;
        this.up = up;
        this.bandwidthBoxes = bandwidthBoxes;
        this.pathNames = pathNames != null ? pathNames : new PathNames(nodeNames, linkNames, src, dst);
    }

    /**
     * Builds the network from Node and Link resources and the latest link states.
     * Links without a state use their inventory facts: nominal latency (else the fibre
     * estimate from coordinates), no jitter, no loss, capacity as bandwidth (unknown capacity
     * means unlimited), up.
     */
    public static Network build(Collection<Resource> nodes, Collection<Resource> links, Collection<LinkReading> states,
                                Freshness freshness) {
        // Cores first: core-only searches then index their arrays by node index directly.
        List<Resource> sortedNodes = nodes.stream().filter(r -> r.kind() == Kind.NODE)
                .sorted(Comparator.comparing((Resource r) -> r.spec(NodeSpec.class).role() == NodeSpec.NodeRole.EDGE)
                        .thenComparing(Resource::name)).toList();
        int n = sortedNodes.size();
        String[] names = new String[n];
        boolean[] core = new boolean[n];
        String[] country = new String[n];
        double[] lat = new double[n], lon = new double[n];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Resource r = sortedNodes.get(i);
            NodeSpec spec = r.spec(NodeSpec.class);
            names[i] = r.name();
            core[i] = spec.role() != NodeSpec.NodeRole.EDGE;
            NodeSpec.Location loc = spec.location();
            country[i] = loc == null ? null : loc.country();
            lat[i] = loc == null || loc.lat() == null ? Double.NaN : loc.lat();
            lon[i] = loc == null || loc.lon() == null ? Double.NaN : loc.lon();
            if (index.put(r.name(), i) != null) throw new IllegalArgumentException("duplicate node " + r.name());
        }
        List<Resource> sortedLinks = links.stream().filter(r -> r.kind() == Kind.LINK)
                .sorted(Comparator.comparing(Resource::name)).toList();
        int m = sortedLinks.size() * 2;
        String[] linkNames = new String[m];
        int[] src = new int[m], dst = new int[m], reverse = new int[m];
        double[] cost = new double[m], latency = new double[m], bandwidth = new double[m];
        double[] jitter = new double[m], loss = new double[m];
        boolean[] up = new boolean[m];
        for (int l = 0; l < sortedLinks.size(); l++) {
            Resource r = sortedLinks.get(l);
            LinkSpec spec = r.spec(LinkSpec.class);
            int a = requireNode(index, spec.a(), r.name()), b = requireNode(index, spec.b(), r.name());
            if (a == b) throw new IllegalArgumentException("link " + r.name() + " is a self-loop");
            double nominal = spec.latencyMs() != null ? spec.latencyMs()
                    : Double.isNaN(lat[a] + lon[a] + lat[b] + lon[b]) ? UNKNOWN_LATENCY_MS
                    : Geo.fibreLatencyMs(lat[a], lon[a], lat[b], lon[b]);
            double capacity = spec.capacityMbps() == null ? Double.POSITIVE_INFINITY : spec.capacityMbps();
            for (int dir = 0; dir < 2; dir++) {
                int i = 2 * l + dir;
                linkNames[i] = r.name();
                src[i] = dir == 0 ? a : b;
                dst[i] = dir == 0 ? b : a;
                reverse[i] = 2 * l + 1 - dir;
                cost[i] = spec.costOrDefault();
                latency[i] = nominal;
                bandwidth[i] = capacity;
                up[i] = true;
            }
        }
        // Directed links are numbered in CSR order: by source, then destination, then resource
        // order. A node's out-links are then one run of indices, so a search that scans them reads
        // every per-link array (weights, destinations) sequentially, and destinations ascend
        // within the run: core destinations come first, so core-only searches stop at the first
        // edge neighbour.
        int[] order = new int[m];
        {
            int[] from = src, to = dst;
            Integer[] boxed = new Integer[m];
            for (int i = 0; i < m; i++) boxed[i] = i;
            Arrays.sort(boxed, Comparator.comparingInt((Integer i) -> from[i]).thenComparingInt(i -> to[i]).thenComparingInt(i -> i));
            for (int i = 0; i < m; i++) order[i] = boxed[i];
        }
        int[] rank = new int[m];
        for (int i = 0; i < m; i++) rank[order[i]] = i;
        String[] linkNames2 = new String[m];
        int[] src2 = new int[m], dst2 = new int[m], reverse2 = new int[m];
        double[] cost2 = new double[m], latency2 = new double[m], bandwidth2 = new double[m];
        for (int i = 0; i < m; i++) {
            int o = order[i];
            linkNames2[i] = linkNames[o];
            src2[i] = src[o];
            dst2[i] = dst[o];
            reverse2[i] = rank[reverse[o]];
            cost2[i] = cost[o];
            latency2[i] = latency[o];
            bandwidth2[i] = bandwidth[o];
        }
        linkNames = linkNames2;
        src = src2;
        dst = dst2;
        reverse = reverse2;
        cost = cost2;
        latency = latency2;
        bandwidth = bandwidth2;
        int[] outStart = new int[n + 1];
        for (int i = 0; i < m; i++) outStart[src[i] + 1]++;
        for (int v = 0; v < n; v++) outStart[v + 1] += outStart[v];
        int[] outLinks = new int[m];
        for (int i = 0; i < m; i++) outLinks[i] = i;
        Map<String, Integer> directed = new HashMap<>();
        for (int i = 0; i < m; i++) {
            directed.put(linkNames[i] + "|" + names[src[i]] + "->" + names[dst[i]], i);
            // A plain "from->to" key only resolves when exactly one link joins the pair.
            directed.merge(names[src[i]] + "->" + names[dst[i]], i, (x, y) -> -1);
        }
        Network g = new Network(names, core, country, Map.copyOf(index), linkNames, src, dst, reverse, outStart,
                outLinks, null, directed, cost, latency, jitter, loss, bandwidth, bandwidth.clone(), up, new Double[m], null);
        List<LinkReading> sortedStates = new ArrayList<>(states);
        // Several states for one link: the newest is applied last and wins, whatever the input
        // order; one of unknown age (0) is older than any other.
        sortedStates.sort(Comparator.comparing(LinkReading::key).thenComparing(s -> String.valueOf(s.linkName()))
                .thenComparing(s -> s.state().measuredAtNanos() != 0)
                .thenComparingLong(s -> s.state().measuredAtNanos())
                .thenComparing(s -> s.state().toString()));
        for (LinkReading s : sortedStates) g.apply(g.requireLink(s), s.state(), freshness);
        return g;
    }

    private static int requireNode(Map<String, Integer> index, String name, String link) {
        Integer i = index.get(name);
        if (i == null) throw new IllegalArgumentException("link " + link + " names unknown node " + name);
        return i;
    }

    /** The directed link a state measures. */
    public int requireLink(LinkReading s) {
        return findLink(s.linkName(), s.from(), s.to()).orElseThrow(() -> new IllegalArgumentException(
                "link state " + (s.linkName() == null ? "" : s.linkName() + " ") + s.key()
                        + " matches no single directed link"));
    }

    public Optional<Integer> findLink(String linkName, String from, String to) {
        Integer i = directedIndex.get(linkName == null ? from + "->" + to : linkName + "|" + from + "->" + to);
        return i == null || i < 0 ? Optional.empty() : Optional.of(i);
    }

    private void apply(int l, LinkState s, Freshness freshness) {
        latency[l] = s.latencyMs();
        jitter[l] = s.jitterMs();
        loss[l] = s.lossPercent() / 100.0;
        // an unmeasured (null) or expired figure is unknown, not unlimited: the declared capacity caps it
        Double measured = s.availableBandwidthMbps();
        bandwidth[l] = Math.min(measured == null ? Double.POSITIVE_INFINITY : measured, capacity[l]);
        up[l] = s.up() && freshness.isFresh(s.measuredAtNanos());
    }

    /** A new network with one directed link's state replaced; topology arrays are shared. */
    public Network withLinkState(LinkReading s, Freshness freshness) {
        Network g = new Network(nodeNames, core, country, nodeIndex, linkNames, src, dst, reverse, outStart, outLinks, coreOutEnd,
                directedIndex, cost, latency.clone(), jitter.clone(), loss.clone(), bandwidth.clone(), capacity, up.clone(), bandwidthBoxes, pathNames);
        g.apply(requireLink(s), s.state(), freshness);
        g.denseCore = denseCore; // a topology fact: the snapshot need not count again
        return g;
    }

    /** The first directed link from u to v in CSR order (lowest link index), or -1. */
    public int findLinkFrom(int u, int v) {
        int lo = outStart[u], hi = outStart[u + 1] - 1;
        while (lo <= hi) { // out-links are sorted by destination
            int mid = (lo + hi) >>> 1;
            if (dst[outLinks[mid]] < v) lo = mid + 1; else hi = mid - 1;
        }
        return lo < outStart[u + 1] && dst[outLinks[lo]] == v ? outLinks[lo] : -1;
    }

    /**
     * Whether link l is no better in {@code after} than in {@code before} on every metric
     * (latency, jitter, loss up or equal; bandwidth down or equal; not newly up). Every class
     * filter and budget is monotone in these, so such a change can only remove paths.
     */
    static boolean isDegradation(Network before, Network after, int l) {
        return after.latency[l] >= before.latency[l] && after.jitter[l] >= before.jitter[l]
                && after.loss[l] >= before.loss[l] && after.bandwidth[l] <= before.bandwidth[l]
                && (before.up[l] || !after.up[l]) && after.cost[l] >= before.cost[l];
    }

    public int nodeCount() { return nodeNames.length; }
    /** Core nodes are indices {@code 0 .. coreCount()-1}. */
    public int coreCount() { return coreCount; }
    public int linkCount() { return src.length; }
    public String nodeName(int v) { return nodeNames[v]; }
    public boolean isCore(int v) { return core[v]; }
    public String country(int v) { return country[v]; }
    public Optional<Integer> node(String name) { return Optional.ofNullable(nodeIndex.get(name)); }
    public int outStart(int v) { return outStart[v]; }
    public int outEnd(int v) { return outStart[v + 1]; }
    public int outLink(int i) { return outLinks[i]; }
    /** The end of core u's out-links to cores: {@code outStart(u)} up to it are the links a core-only search takes. */
    int coreOutEnd(int u) { return coreOutEnd[u]; }
    public int src(int l) { return src[l]; }
    public int dst(int l) { return dst[l]; }
    public int reverse(int l) { return reverse[l]; }
    public String linkName(int l) { return linkNames[l]; }

    /** Whether at least a quarter of all ordered core pairs are linked (computed on first use, kept by derived snapshots; races compute it twice). */
    boolean denseCore() {
        int d = denseCore;
        if (d == 0) {
            long links = 0;
            for (int u = 0; u < coreCount; u++) {
                for (int i = outStart[u]; i < outStart[u + 1] && dst[outLinks[i]] < coreCount; i++) links++;
            }
            denseCore = d = coreCount >= 8 && 4 * links >= (long) coreCount * (coreCount - 1) ? 1 : -1;
        }
        return d > 0;
    }

    /** 0 unknown, 1 dense, -1 sparse. */
    private int denseCore;

    /** The topology's names, without the metrics: what a result may keep without keeping this snapshot. */
    PathNames pathNames() { return pathNames; }
    public double cost(int l) { return cost[l]; }
    public double latencyMs(int l) { return latency[l]; }
    public double jitterMs(int l) { return jitter[l]; }
    /** Loss as a fraction 0..1 (link states carry percent). */
    public double lossFraction(int l) { return loss[l]; }
    public double bandwidthMbps(int l) { return bandwidth[l]; }

    /** {@link #bandwidthMbps} boxed, the same object for every caller while the value stays. */
    Double bandwidthBox(int l) {
        Double b = bandwidthBoxes[l];
        if (b == null || Double.compare(b, bandwidth[l]) != 0) bandwidthBoxes[l] = b = bandwidth[l];
        return b;
    }
    public boolean isUp(int l) { return up[l]; }

    public String describeLink(int l) { return nodeNames[src[l]] + "->" + nodeNames[dst[l]]; }

    /** The node pair of link l, as telemetry and the SLA monitor name a directed link. */
    public LinkId linkId(int l) { return LinkId.of(nodeNames[src[l]], nodeNames[dst[l]]); }
}

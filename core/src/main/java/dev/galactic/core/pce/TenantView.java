package dev.galactic.core.pce;

import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.VpcSpec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tenant's view of the backbone (spec steps 1 and 3): the core minus the nodes and
 * countries the VPC excludes, plus the tenant's own edge nodes, which are never transit.
 */
final class TenantView {

    private final TenantIntent intent;
    private final boolean[] blockedCores;
    private final Set<Integer> excludedNodes;
    private final String exclusionKey;
    private final int[] waypoints;
    private final String waypointProblem;
    private final Network g;
    /** Per site with a problem, that problem: asked for every demand, the same for all of a site's demands. */
    private final Map<String, Breach> siteProblems;

    private TenantView(Network g, TenantIntent intent, boolean[] blockedCores, Set<Integer> excludedNodes,
                       int[] waypoints, String waypointProblem) {
        this.g = g;
        this.intent = intent;
        this.blockedCores = blockedCores;
        this.excludedNodes = excludedNodes;
        this.waypoints = waypoints;
        this.waypointProblem = waypointProblem;
        StringBuilder key = new StringBuilder();
        for (int c = 0; c < blockedCores.length; c++) if (blockedCores[c]) key.append(c).append(',');
        this.exclusionKey = key.toString();
        Map<String, Breach> problems = new HashMap<>();
        for (String site : intent.attachments().keySet()) {
            String nodeName = intent.attachments().get(site).node();
            int v = node(site);
            Breach p = null;
            if (v < 0) p = new Breach(FailReason.UNKNOWN_NODE, null, "site " + site + " attaches at unknown node " + nodeName);
            else if (g.isCore(v)) p = new Breach(FailReason.UNKNOWN_NODE, null, "site " + site + " attaches at " + nodeName + ", which is not an edge node");
            else if (excludedNodes.contains(v)) p = new Breach(FailReason.ENDPOINT_EXCLUDED, null, "site " + site + " attaches at excluded node " + nodeName);
            if (p != null) problems.put(site, p);
        }
        this.siteProblems = Map.copyOf(problems);
    }

    static TenantView of(Network g, TenantIntent intent) {
        VpcSpec spec = intent.spec();
        Set<String> avoid = new HashSet<>(spec.mustAvoid());
        Set<String> countries = new HashSet<>();
        for (String c : spec.excludedCountries()) countries.add(c.toUpperCase(java.util.Locale.ROOT));
        Set<Integer> excluded = new TreeSet<>();
        for (int v = 0; v < g.nodeCount(); v++) {
            String country = g.country(v);
            if (avoid.contains(g.nodeName(v)) || (country != null && countries.contains(country.toUpperCase(java.util.Locale.ROOT)))) {
                excluded.add(v);
            }
        }
        boolean[] blocked = new boolean[g.coreCount()];
        for (int v : excluded) if (v < blocked.length) blocked[v] = true;
        List<String> names = spec.mustInclude();
        int[] wp = new int[names.size()];
        String problem = null;
        for (int i = 0; i < wp.length; i++) {
            int v = g.node(names.get(i)).orElse(-1);
            wp[i] = v;
            if (problem != null) continue;
            if (v < 0) problem = "waypoint " + names.get(i) + " is not a known node";
            else if (!g.isCore(v)) problem = "waypoint " + names.get(i) + " is not a core node";
            else if (blocked[v]) problem = "waypoint " + names.get(i) + " is itself excluded";
        }
        return new TenantView(g, intent, blocked, excluded, wp, problem);
    }

    TenantView withoutExclusions() {
        return new TenantView(g, intent, new boolean[blockedCores.length], Set.of(), waypoints, waypointProblem);
    }

    boolean[] blockedCores() { return blockedCores; }
    String exclusionKey() { return exclusionKey; }
    int[] waypoints() { return waypoints; }
    boolean hasWaypointProblem() { return waypointProblem != null; }

    boolean isBlockedCore(int v) { return v < blockedCores.length && blockedCores[v]; }

    /** The node a site attaches at, or -1 when unknown. */
    int node(String attachment) {
        AttachmentSpec a = intent.attachments().get(attachment);
        return a == null || a.node() == null ? -1 : g.node(a.node()).orElse(-1);
    }

    /** A problem with the demand's endpoints or waypoints that no path can fix, or null. */
    Breach endpointProblem(String from, String to) {
        for (String site : List.of(from, to)) {
            Breach p = siteProblems.get(site);
            if (p != null) return p;
        }
        if (waypointProblem != null) return new Breach(FailReason.WAYPOINT_INVALID, null, waypointProblem);
        return null;
    }

    /** Nodes a constrained search may not cross, over all node indices. */
    boolean[] blockedNodes(Network g) {
        boolean[] b = new boolean[g.nodeCount()];
        System.arraycopy(blockedCores, 0, b, 0, blockedCores.length);
        return b;
    }

    /** Distinct bandwidths of the links a class admits: the candidate bottleneck widths. */
    double[] candidateWidths(Network g, Weights w) {
        double[] widths = new double[g.linkCount()];
        int k = 0;
        for (int l = 0; l < g.linkCount(); l++) if (w.w1[l] != Double.POSITIVE_INFINITY) widths[k++] = g.bandwidthMbps(l);
        return Arrays.stream(widths, 0, k).distinct().toArray();
    }
}

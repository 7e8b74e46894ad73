package dev.galactic.agent.driver.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galactic.agent.driver.DataPlaneDriver;
import dev.galactic.core.render.NodeConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Linux kernel data plane: SRv6 (seg6, seg6local), policy routing and nftables, programmed
 * with iproute2 batches. Applying diffs the desired state against what is installed — routes and
 * rules Galactic owns carry protocol {@value #PROTO} — so unchanged routes are not touched,
 * changed ones are replaced in place (make before break), and only what is no longer wanted is
 * removed; never a flush. On start it adopts what it finds.
 *
 * <p>This kernel has no VRF devices, so the driver uses the table-based fallback
 * ({@link LinuxPlan}); a VRF mode for kernels that have them is a later step.
 */
public final class LinuxDriver implements DataPlaneDriver {

    public static final String NFT_TABLE = "galactic";
    public static final int PROTO = 249;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one apply changed, for logs and tests. */
    public record Report(int routesReplaced, int routesDeleted, int rulesAdded, int rulesDeleted, boolean nftChanged) {
        public boolean nothing() { return routesReplaced + routesDeleted + rulesAdded + rulesDeleted == 0 && !nftChanged; }
    }

    private final Shell shell;
    private final Map<String, LinuxPlan.SitePort> ports;
    private final Map<String, String> installed = new HashMap<>();
    private String installedNft;
    private Report last;

    /**
     * @param netns the node's network namespace, or null for the one the agent runs in
     * @param ports where each attachment is wired on this node
     */
    public LinuxDriver(String netns, Map<String, LinuxPlan.SitePort> ports) {
        this.shell = new Shell(netns);
        this.ports = Map.copyOf(ports);
    }

    @Override
    public String name() { return "linux"; }

    public Report lastReport() { return last; }

    @Override
    public synchronized void apply(NodeConfig config) throws DriverException {
        LinuxPlan.Desired d;
        try {
            d = LinuxPlan.plan(config, ports);
        } catch (IllegalArgumentException e) {
            throw new DriverException(e.getMessage(), e);
        }
        try {
            anchor();
            tunsrc(d.sourceAddress());
            int[] routes = routes(d.routes());
            int[] rules = rules(d.rules());
            boolean nft = nft(d.nft());
            last = new Report(routes[0], routes[1], rules[0], rules[1], nft);
        } catch (Shell.Failed e) {
            throw new DriverException(e.getMessage(), e);
        }
    }

    private void anchor() throws Shell.Failed {
        try {
            shell.ip(List.of("link", "show", LinuxPlan.ANCHOR), null);
        } catch (Shell.Failed missing) {
            // an empty bridge stays up whatever happens to other links: a stable device for seg6local routes
            shell.ip(List.of("link", "add", LinuxPlan.ANCHOR, "type", "bridge"), null);
        }
        shell.ip(List.of("link", "set", LinuxPlan.ANCHOR, "up"), null);
    }

    private void tunsrc(String address) throws Shell.Failed {
        if (!shell.ip(List.of("sr", "tunsrc", "show"), null).contains(address)) {
            shell.ip(List.of("sr", "tunsrc", "set", address), null);
        }
    }

    /** Returns {replaced, deleted}. */
    private int[] routes(List<LinuxPlan.Route> desired) throws Shell.Failed {
        Set<String> kernel = new LinkedHashSet<>();
        Map<String, String[]> kernelDel = new HashMap<>();
        for (int f : new int[]{4, 6}) {
            for (JsonNode r : json(shell.ip(List.of("-" + f, "-json", "route", "show", "table", "all", "proto", Integer.toString(PROTO)), null))) {
                // ip -json prints End.DT6's own "table" over the route's table key; localsids live in main
                String table = "seg6local".equals(r.path("encap").asText()) ? "main" : r.path("table").asText("main");
                String dst = r.path("dst").asText();
                if (!dst.equals("default") && !dst.contains("/")) dst += f == 4 ? "/32" : "/128";
                String key = f + "|" + table + "|" + dst;
                kernel.add(key);
                kernelDel.put(key, new String[]{Integer.toString(f), (r.path("type").asText("unicast").equals("unreachable") ? "unreachable " : "") + dst, table});
            }
        }
        Map<String, LinuxPlan.Route> want = new HashMap<>();
        desired.forEach(r -> want.put(r.key(), r));
        List<String> replace4 = new ArrayList<>(), replace6 = new ArrayList<>(), del4 = new ArrayList<>(), del6 = new ArrayList<>();
        for (LinuxPlan.Route r : desired) {
            if (kernel.contains(r.key()) && r.spec().equals(installed.get(r.key()))) continue;
            (r.family() == 4 ? replace4 : replace6).add("route replace " + r.spec() + " proto " + PROTO);
        }
        for (String key : kernel) {
            if (want.containsKey(key)) continue;
            String[] k = kernelDel.get(key);
            (k[0].equals("4") ? del4 : del6).add("route del " + k[1] + " table " + k[2] + " proto " + PROTO);
        }
        // the new before the old goes: a route that moves is replaced in place, never missing
        batch(4, replace4);
        batch(6, replace6);
        for (LinuxPlan.Route r : desired) installed.put(r.key(), r.spec());
        batch(4, del4);
        batch(6, del6);
        installed.keySet().retainAll(want.keySet());
        return new int[]{replace4.size() + replace6.size(), del4.size() + del6.size()};
    }

    private int[] rules(List<LinuxPlan.Rule> desired) throws Shell.Failed {
        int added = 0, deleted = 0;
        for (int f : new int[]{4, 6}) {
            Set<String> kernel = new LinkedHashSet<>();
            for (JsonNode r : json(shell.ip(List.of("-" + f, "-json", "rule", "show"), null))) {
                if (!Integer.toString(PROTO).equals(r.path("protocol").asText())) continue;
                StringBuilder s = new StringBuilder("pref ").append(r.path("priority").asInt());
                if (r.has("iif")) s.append(" iif ").append(r.get("iif").asText());
                if (r.has("fwmark")) s.append(" fwmark ").append(r.get("fwmark").asText());
                if (r.has("dst") && !r.get("dst").asText().equals("all")) s.append(" to ").append(r.get("dst").asText()).append('/').append(r.path("dstlen").asInt());
                s.append(" lookup ").append(r.path("table").asText());
                kernel.add(s.toString());
            }
            Set<String> want = new LinkedHashSet<>();
            for (LinuxPlan.Rule r : desired) if (r.family() == f) want.add(r.spec());
            List<String> add = new ArrayList<>(), del = new ArrayList<>();
            for (String w : want) if (!kernel.contains(w)) add.add("rule add " + w + " protocol " + PROTO);
            for (String k : kernel) if (!want.contains(k)) del.add("rule del " + k);
            batch(f, add);
            batch(f, del);
            added += add.size();
            deleted += del.size();
        }
        return new int[]{added, deleted};
    }

    private boolean nft(String script) throws Shell.Failed {
        // one nft transaction replaces the whole table: atomic, so no packet sees a half-built ruleset
        if (script.equals(installedNft) && !shell.nftList().isEmpty()) return false;
        shell.nft(script);
        installedNft = script;
        return true;
    }

    private void batch(int family, List<String> lines) throws Shell.Failed {
        if (lines.isEmpty()) return;
        shell.ip(List.of("-" + family, "-batch", "-"), String.join("\n", lines) + "\n");
    }

    private static JsonNode json(String text) throws Shell.Failed {
        if (text.isBlank()) return JSON.createArrayNode();
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new Shell.Failed("cannot read ip -json output: " + e.getMessage());
        }
    }
}

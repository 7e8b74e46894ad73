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
 * <p>What is installed is read back from the kernel ({@code ip -json}, {@code nft list}, {@code wg
 * show}) on the first apply and after any failed apply; in between the driver trusts its own
 * record of what it installed, so a one-route change costs one small batch rather than re-reading
 * every route. The agent calls {@link #audit} every {@link DataPlaneDriver#AUDIT_INTERVAL} so that what someone
 * changed by hand is put back; the audit reads the kernel without holding up a new config (a
 * reroute waits for no read-back) and repairs only if no apply ran while it read.
 *
 * <p>This kernel has no VRF devices, so the driver uses the table-based fallback
 * ({@link LinuxPlan}); a VRF mode for kernels that have them is a later step.
 */
public final class LinuxDriver implements DataPlaneDriver {

    public static final String NFT_TABLE = "galactic";
    public static final int PROTO = 249;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one apply changed, for logs and tests.
     *
     * @param mapsWritten eBPF map entries written (added or changed) and program attachments made
     * @param mapsDeleted eBPF map entries deleted and attachments removed
     */
    public record Report(int routesReplaced, int routesDeleted, int rulesAdded, int rulesDeleted, boolean nftChanged,
                         int mapsWritten, int mapsDeleted) {
        public Report(int routesReplaced, int routesDeleted, int rulesAdded, int rulesDeleted, boolean nftChanged) {
            this(routesReplaced, routesDeleted, rulesAdded, rulesDeleted, nftChanged, 0, 0);
        }

        public boolean nothing() {
            return routesReplaced + routesDeleted + rulesAdded + rulesDeleted + mapsWritten + mapsDeleted == 0 && !nftChanged;
        }
    }

    /** Which mechanism the agent was told to use: {@code AUTO} asks the kernel. */
    public enum Choice { AUTO, SEG6, EBPF }

    /**
     * @param dataplane the mechanism, or AUTO: eBPF where the kernel runs the programs (it counts
     *                  per tenant and keeps TSO traffic whole), else kernel seg6
     * @param bpfPins where the eBPF programs and maps of this node are pinned (on a bpffs)
     */
    public record Options(Choice dataplane, java.nio.file.Path bpfPins) {
        public static Options defaults(String node) {
            return new Options(Choice.AUTO, java.nio.file.Path.of(Bpf.DEFAULT_ROOT, node == null ? "node" : node));
        }
    }

    private final Shell shell;
    private final Map<String, LinuxPlan.SitePort> ports;

    private final Map<LinuxPlan.RouteKey, String> installed = new HashMap<>();
    /** Rule specs per family as installed, valid while {@link #trusted}. */
    private final Map<Integer, Set<String>> installedRules = new HashMap<>();
    private String installedNft;
    private String installedTunsrc;
    /** Whether the records above match the kernel (read back and changed only by us since). */
    private boolean trusted;
    private boolean anchorUp;
    /** Counts applies, so an audit knows whether its reading of the kernel predates one. */
    private long generation;
    /** The config in force, which an audit makes true again. */
    private NodeConfig current;
    /** Kernel facts an audit read for the records cleared with them: used once instead of asking again under the lock. */
    private Kernel preread;
    private final Map<String, LinuxPlan.TunnelPort> tunnelPorts;
    private final WireGuardKey key;
    /** The tunnels as last made to match, by peer: skipped while trusted and unchanged. */
    private final Map<String, NodeConfig.Tunnel> installedTunnels = new HashMap<>();
    /** Chosen by probing the kernel on the first apply. */
    private LinuxPlan.Dataplane decap;
    private final Options options;
    /** The eBPF programs and maps (EBPF only). */
    private final Bpf bpf;
    /** eBPF map contents as installed (hex key -> hex value), valid while {@link #trusted}. */
    private final Map<EbpfMaps.Name, Map<String, String>> installedMaps = new java.util.EnumMap<>(EbpfMaps.Name.class);
    /** Our program attachments ("dev ingress" -> program id), valid while {@link #trusted}. */
    private Map<String, Integer> installedAttach = new HashMap<>();
    /** The node's links as last read (name -> facts), for ifindexes and which devices get programs. */
    private Map<String, Link> links = Map.of();
    private List<LinuxPlan.Vrf> installedVrfs;
    private Report last;

    /**
     * @param netns the node's network namespace, or null for the one the agent runs in
     * @param ports where each attachment is wired on this node
     */
    public LinuxDriver(String netns, Map<String, LinuxPlan.SitePort> ports) {
        this(netns, ports, Map.of(), null);
    }

    public LinuxDriver(String netns, Map<String, LinuxPlan.SitePort> ports, Options options) {
        this(netns, ports, Map.of(), null, options);
    }

    public LinuxDriver(String netns, Map<String, LinuxPlan.SitePort> ports, Map<String, LinuxPlan.TunnelPort> tunnels, WireGuardKey key) {
        this(netns, ports, tunnels, key, Options.defaults(netns));
    }

    /**
     * @param tunnels where the tunnel to each peer lives on this node; a tunnel of the config
     *                without an entry is not programmed here (someone else provisions it)
     * @param key the node's WireGuard key, needed when {@code tunnels} is not empty
     */
    public LinuxDriver(String netns, Map<String, LinuxPlan.SitePort> ports, Map<String, LinuxPlan.TunnelPort> tunnels, WireGuardKey key,
                       Options options) {
        if (!tunnels.isEmpty() && key == null) throw new IllegalArgumentException("tunnels need the node's WireGuard key");
        this.shell = new Shell(netns);
        this.options = options;
        this.bpf = new Bpf(shell, options.bpfPins());
        this.ports = Map.copyOf(ports);
        this.tunnelPorts = Map.copyOf(tunnels);
        this.key = key;
    }

    @Override
    public String wireguardPublicKey() {
        return key == null ? null : key.publicKey();
    }

    @Override
    public String name() { return "linux"; }

    public Report lastReport() { return last; }

    @Override
    public synchronized void apply(NodeConfig config) throws DriverException {
        try {
            if (decap == null) decap = probeDataplane();
            if (decap == LinuxPlan.Dataplane.EBPF && bpf.programId(Bpf.ENCAP) < 0) bpf.load();
            if (!trusted) adopt(readKernel());
        } catch (Shell.Failed e) {
            throw new DriverException(e.getMessage(), e);
        }
        install(config);
    }

    /**
     * Puts back what was changed behind the driver's back (a route removed by hand, a peer
     * rewritten). The kernel is read without the lock, so a config that arrives meanwhile is
     * applied at once; if one was, this reading may predate it and the audit does nothing (the
     * next one looks again). Returns whether it ran.
     */
    @Override
    public boolean audit() throws DriverException {
        long seen;
        synchronized (this) {
            if (current == null) return false;
            seen = generation;
        }
        Kernel k;
        try {
            k = readKernel();
        } catch (Shell.Failed e) {
            throw new DriverException("audit: " + e.getMessage(), e);
        }
        synchronized (this) {
            if (generation != seen) return false;
            adopt(k);
            install(current);
            return true;
        }
    }

    /** Makes the kernel match {@code config}, diffing against the records. */
    private void install(NodeConfig config) throws DriverException {
        LinuxPlan.Desired d;
        try {
            d = LinuxPlan.plan(config, ports, decap, this::mtuTowards);
        } catch (IllegalArgumentException e) {
            throw new DriverException(e.getMessage(), e);
        }
        generation++;
        try {
            anchor();
            if (decap != LinuxPlan.Dataplane.EBPF) tunsrc(d.sourceAddress());
            tunnels(config.tunnels());
            vrfs(d.vrfs());
            // eBPF: new and changed entries before the routes that lead to them, stale ones after
            int[] maps = d.maps() == null ? new int[2] : writeMaps(d.maps());
            int[] routes = routes(d.routes());
            int[] rules = rules(d.rules());
            boolean nft = nft(d.nft());
            if (d.maps() != null) maps[1] += deleteMaps();
            last = new Report(routes[0], routes[1], rules[0], rules[1], nft, maps[0], maps[1]);
            trusted = true;
            current = config;
        } catch (Shell.Failed | IllegalArgumentException e) {
            // whatever half happened, the next apply reads the kernel again
            trusted = false;
            throw new DriverException(e.getMessage(), e);
        } finally {
            preread = null;
        }
    }

    /** Which mechanism this kernel got (known after the first apply). */
    public LinuxPlan.Dataplane dataplane() { return decap; }

    /**
     * Asks the kernel rather than trusting a flag: eBPF where the programs build and load (unless
     * told seg6), else seg6 lightweight tunnels, with VRF devices where one can be created.
     */
    private LinuxPlan.Dataplane probeDataplane() throws Shell.Failed {
        String noBpf = options.dataplane() == Choice.SEG6 ? "not chosen" : Bpf.unsupported(options.bpfPins().getParent());
        if (noBpf == null) return LinuxPlan.Dataplane.EBPF;
        if (options.dataplane() == Choice.EBPF) throw new Shell.Failed("the eBPF data plane cannot run here: " + noBpf);
        String noSeg6 = seg6Unsupported();
        if (noSeg6 != null) {
            throw new Shell.Failed(options.dataplane() == Choice.SEG6
                    ? "this kernel has no seg6 lightweight tunnels (" + noSeg6 + "): use --dataplane ebpf or auto"
                    : "this kernel has no seg6 lightweight tunnels (" + noSeg6 + ") and the eBPF data plane cannot run: " + noBpf);
        }
        String probe = "gvrfprobe";
        try {
            shell.ip(List.of("link", "add", probe, "type", "vrf", "table", "4294967000"), null);
        } catch (Shell.Failed e) {
            return LinuxPlan.Dataplane.SEG6_TABLES;
        }
        shell.ip(List.of("link", "del", probe), null);
        // End.DT4 into a VRF needs strict mode: one table per VRF
        shell.sysctl("net.vrf.strict_mode", "1");
        return LinuxPlan.Dataplane.SEG6_VRF;
    }

    /** Null if a seg6 encap route can be made (it is removed at once), else what the kernel said. */
    private String seg6Unsupported() {
        List<String> route = List.of("2001:db8:ffff::/128", "encap", "seg6", "mode", "encap", "segs", "2001:db8::1", "dev", "lo", "table", "4294967001");
        try {
            List<String> add = new ArrayList<>(List.of("-6", "route", "add"));
            add.addAll(route);
            shell.ip(add, null);
        } catch (Shell.Failed e) {
            return e.getMessage().contains("not supported") ? "lwt encapsulation type not supported" : e.getMessage();
        }
        try {
            shell.ip(List.of("-6", "route", "del", "2001:db8:ffff::/128", "table", "4294967001"), null);
        } catch (Shell.Failed ignored) {
            // gone already
        }
        return null;
    }

    /**
     * The kernel's own cost of a config's encapsulation routes, for the apply bench's baseline:
     * each prefix's route and (eBPF) segment list written as one batch each, with no diff and no
     * reading back, into a table and under a tenant id no config uses; then removed again.
     * Returns the milliseconds the writing took. Needs the mechanism chosen (after an apply).
     */
    public double rawInstall(Map<String, List<String>> segmentsByPrefix, String sourceAddress) throws DriverException {
        final String table = "999", tenantId = "4095";
        List<String> routes = new ArrayList<>(), maps = new ArrayList<>(), undo = new ArrayList<>();
        EbpfMaps.Builder b = new EbpfMaps.Builder(sourceAddress);
        segmentsByPrefix.forEach((prefix, segs) -> {
            if (decap == LinuxPlan.Dataplane.EBPF) {
                routes.add("route replace " + prefix + " dev " + LinuxPlan.ENCAP_DEVICE + " mtu 1400 table " + table + " proto 250");
                b.encap(Integer.parseInt(tenantId), 0, prefix, segs);
            } else {
                routes.add("route replace " + prefix + " encap seg6 mode encap segs " + String.join(",", segs) + " dev " + LinuxPlan.ANCHOR + " table " + table + " proto 250");
            }
        });
        EbpfMaps m = b.build();
        m.encap4().forEach((k, v) -> maps.add(bpf.update(EbpfMaps.Name.ENCAP4, k, v)));
        m.encap4().keySet().forEach(k -> undo.add(bpf.delete(EbpfMaps.Name.ENCAP4, k)));
        try {
            long t0 = System.nanoTime();
            shell.ipBatch(0, routes);
            bpf.batch(maps);
            double ms = (System.nanoTime() - t0) / 1e6;
            shell.ip(List.of("route", "flush", "table", table), null);
            bpf.batch(undo);
            return ms;
        } catch (Shell.Failed e) {
            throw new DriverException("baseline: " + e.getMessage(), e);
        }
    }

    /** MTU of the way to a first SID, by SID: asked of the kernel once per SID and link reading. */
    private final Map<String, Integer> mtuTowards = new HashMap<>();

    /**
     * The MTU of the device the underlay's main table sends {@code sid} out of ({@code ip route
     * get}), or {@link LinuxPlan#DEFAULT_UNDERLAY_MTU} when it has no route (yet).
     */
    private int mtuTowards(String sid) {
        return mtuTowards.computeIfAbsent(sid, s -> {
            try {
                JsonNode r = json(shell.ip(List.of("-6", "-json", "route", "get", s), null)).path(0);
                Link l = links.get(r.path("dev").asText());
                if (l == null) l = readLinks().get(r.path("dev").asText());
                return l == null ? LinuxPlan.DEFAULT_UNDERLAY_MTU : l.mtu();
            } catch (Shell.Failed e) {
                return LinuxPlan.DEFAULT_UNDERLAY_MTU;
            }
        });
    }

    /** Where this driver pins its eBPF programs and maps. */
    public java.nio.file.Path bpfPins() { return options.bpfPins(); }

    /**
     * Packets and bytes per tenant and class as the eBPF programs counted them (summed over CPUs):
     * {tenant, class} -> {packets, bytes}; class {@link EbpfMaps#DECAP_CLASS} is what was
     * decapsulated towards the tenant's sites. Empty on the seg6 mechanisms.
     */
    public Map<List<Integer>, long[]> counters() throws DriverException {
        if (decap != LinuxPlan.Dataplane.EBPF) return Map.of();
        try {
            Map<List<Integer>, long[]> out = new HashMap<>();
            bpf.sums(EbpfMaps.Name.STATS).forEach((k, v) -> {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.util.HexFormat.ofDelimiter(" ").parseHex(EbpfMaps.Name.STATS.pad(k, false))).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                out.put(List.of(b.getInt(), b.getInt()), v);
            });
            return out;
        } catch (Shell.Failed e) {
            throw new DriverException("cannot read the eBPF counters: " + e.getMessage(), e);
        }
    }

    /** Packets the eBPF programs dropped, by reason ({@link EbpfMaps#DROP_REASONS}). */
    public Map<String, Long> drops() throws DriverException {
        if (decap != LinuxPlan.Dataplane.EBPF) return Map.of();
        try {
            Map<String, Long> out = new java.util.TreeMap<>();
            bpf.sums(EbpfMaps.Name.DROPS).forEach((k, v) -> {
                int i = java.nio.ByteBuffer.wrap(java.util.HexFormat.ofDelimiter(" ").parseHex(EbpfMaps.Name.DROPS.pad(k, false))).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
                if (i < EbpfMaps.DROP_REASONS.size()) out.put(EbpfMaps.DROP_REASONS.get(i), v[0]);
            });
            return out;
        } catch (Shell.Failed e) {
            throw new DriverException("cannot read the eBPF drop counters: " + e.getMessage(), e);
        }
    }

    /** Packets the End behaviour of the eBPF programs forwarded on this node. */
    public long endPackets() throws DriverException {
        if (decap != LinuxPlan.Dataplane.EBPF) return 0;
        try {
            long[] v = bpf.sums(EbpfMaps.Name.NODE_STATS).get(EbpfMaps.hex(EbpfMaps.le(4).putInt(0)));
            return v == null ? 0 : v[0];
        } catch (Shell.Failed e) {
            throw new DriverException("cannot read the eBPF counters: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the programs on first use, makes the attachments match (encapsulation on the encap
     * device's egress; End and decapsulation at the ingress of every other device but the sites'
     * and loopback), and writes the map entries that are new or changed. Returns {written, 0}.
     */
    private int[] writeMaps(EbpfMaps want) throws Shell.Failed {
        int written = 0, deleted = 0;
        if (bpf.programId(Bpf.ENCAP) < 0) bpf.load();
        boolean missing = false;
        for (String dev : want.ports().keySet()) missing |= !links.containsKey(dev);
        for (LinuxPlan.TunnelPort t : tunnelPorts.values()) missing |= !links.containsKey(t.device());
        if (missing || !links.containsKey(LinuxPlan.ENCAP_DEVICE)) links = readLinks();

        Map<String, String> attach = new java.util.TreeMap<>();
        attach.put(LinuxPlan.ENCAP_DEVICE + " egress", Bpf.ENCAP);
        links.forEach((name, l) -> {
            if (name.equals("lo") || name.equals(LinuxPlan.ENCAP_DEVICE) || name.equals(LinuxPlan.ANCHOR) || want.ports().containsKey(name)) return;
            if ("ether".equals(l.type())) attach.put(name + " ingress", Bpf.SID);
            else if ("none".equals(l.type())) attach.put(name + " ingress", Bpf.SID_L3);
        });
        Map<String, Integer> ifindex = new HashMap<>();
        links.forEach((n, l) -> ifindex.put(n, l.ifindex()));

        List<String> cmds = new ArrayList<>();
        for (EbpfMaps.Name m : List.of(EbpfMaps.Name.IF_TENANT, EbpfMaps.Name.ENCAP4, EbpfMaps.Name.ENCAP6, EbpfMaps.Name.SID_TABLE)) {
            Map<String, String> have = installedMaps.computeIfAbsent(m, x -> new HashMap<>());
            for (Map.Entry<String, String> e : want.contents(m, ifindex).entrySet()) {
                if (!e.getValue().equals(have.get(e.getKey()))) cmds.add(bpf.update(m, e.getKey(), e.getValue()));
            }
        }
        Map<String, String> counters = installedMaps.computeIfAbsent(EbpfMaps.Name.STATS, x -> new HashMap<>());
        // a counter that exists keeps counting: it is only ever created, never overwritten
        for (String k : want.counters()) if (!counters.containsKey(k)) cmds.add(bpf.update(EbpfMaps.Name.STATS, k, EbpfMaps.ZERO_COUNTER) + " noexist");
        bpf.batch(cmds);
        for (EbpfMaps.Name m : List.of(EbpfMaps.Name.IF_TENANT, EbpfMaps.Name.ENCAP4, EbpfMaps.Name.ENCAP6, EbpfMaps.Name.SID_TABLE)) {
            installedMaps.get(m).putAll(want.contents(m, ifindex));
        }
        for (String k : want.counters()) counters.putIfAbsent(k, EbpfMaps.ZERO_COUNTER);
        written += cmds.size();

        // the maps are filled before a program that reads them is attached
        for (Map.Entry<String, String> a : attach.entrySet()) {
            int id = bpf.programId(a.getValue());
            if (installedAttach.getOrDefault(a.getKey(), -1) == id) continue;
            String[] dd = a.getKey().split(" ");
            bpf.attach(dd[0], dd[1], a.getValue());
            installedAttach.put(a.getKey(), id);
            written++;
        }
        for (String k : new ArrayList<>(installedAttach.keySet())) {
            if (attach.containsKey(k)) continue;
            String[] dd = k.split(" ");
            // a device that became a site port (or went away) keeps no End or decapsulation program
            if (links.containsKey(dd[0])) bpf.detach(dd[0], dd[1]);
            installedAttach.remove(k);
            deleted++;
        }
        bpf.forgetOldPrograms();
        pendingMaps = want;
        pendingIfindex = ifindex;
        return new int[]{written, deleted};
    }

    private EbpfMaps pendingMaps;
    private Map<String, Integer> pendingIfindex;

    /** Deletes the map entries the config no longer has, once no route leads to them. Returns how many. */
    private int deleteMaps() throws Shell.Failed {
        List<String> cmds = new ArrayList<>();
        for (EbpfMaps.Name m : List.of(EbpfMaps.Name.IF_TENANT, EbpfMaps.Name.ENCAP4, EbpfMaps.Name.ENCAP6, EbpfMaps.Name.SID_TABLE)) {
            Map<String, String> want = pendingMaps.contents(m, pendingIfindex);
            Map<String, String> have = installedMaps.get(m);
            for (String k : have.keySet()) if (!want.containsKey(k)) cmds.add(bpf.delete(m, k));
        }
        Map<String, String> counters = installedMaps.get(EbpfMaps.Name.STATS);
        for (String k : counters.keySet()) if (!pendingMaps.counters().contains(k)) cmds.add(bpf.delete(EbpfMaps.Name.STATS, k));
        bpf.batch(cmds);
        for (EbpfMaps.Name m : List.of(EbpfMaps.Name.IF_TENANT, EbpfMaps.Name.ENCAP4, EbpfMaps.Name.ENCAP6, EbpfMaps.Name.SID_TABLE)) {
            installedMaps.get(m).keySet().retainAll(pendingMaps.contents(m, pendingIfindex).keySet());
        }
        counters.keySet().retainAll(pendingMaps.counters());
        return cmds.size();
    }

    private Map<String, Link> readLinks() throws Shell.Failed {
        Map<String, Link> out = new HashMap<>();
        for (JsonNode l : json(shell.ip(List.of("-json", "link", "show"), null))) {
            boolean up = false;
            for (JsonNode f : l.path("flags")) up |= f.asText().equals("UP");
            out.put(l.path("ifname").asText(), new Link(up, l.path("mtu").asInt(), l.path("ifindex").asInt(), l.path("link_type").asText()));
        }
        return out;
    }

    /** What the kernel has of this driver's, read with no lock held: routes and rules of ours, the nft table, links, tunnels. */
    private record Kernel(Map<LinuxPlan.RouteKey, String> routes, Map<Integer, Set<String>> rules, boolean nftEmpty, String tunsrc,
                          Map<String, Link> links, Map<String, String> wgDumps, Map<EbpfMaps.Name, Map<String, String>> maps,
                          Map<String, Integer> attached) {
    }

    /** @param type iproute2's link_type: ether, none (a TUN device), loopback, ... */
    private record Link(boolean up, int mtu, int ifindex, String type) {
    }

    private Kernel readKernel() throws Shell.Failed {
        Map<LinuxPlan.RouteKey, String> routes = new HashMap<>();
        for (int f : new int[]{4, 6}) {
            String dump = shell.ip(List.of("-" + f, "-json", "route", "show", "table", "all", "proto", Integer.toString(PROTO)), null);
            for (Map<String, String> r : topLevelFields(dump, "dst", "table", "type", "encap")) {
                // ip -json prints End.DT6's own "table" over the route's table key; localsids live in main
                String table = "seg6local".equals(r.get("encap")) ? "main" : r.getOrDefault("table", "main");
                String dst = r.getOrDefault("dst", "");
                if (!dst.equals("default") && !dst.contains("/")) dst += f == 4 ? "/32" : "/128";
                // a spec no desired route has: an adopted route is always replaced or removed
                routes.put(new LinuxPlan.RouteKey(f, table, dst), ("unreachable".equals(r.get("type")) ? "unreachable " : "") + "(adopted)");
            }
        }
        Map<Integer, Set<String>> rules = new HashMap<>();
        for (int f : new int[]{4, 6}) rules.put(f, kernelRules(f));
        Map<String, Link> links = readLinks();
        Map<String, String> dumps = new HashMap<>();
        for (LinuxPlan.TunnelPort port : tunnelPorts.values()) {
            try {
                dumps.put(port.device(), shell.wg(List.of("show", port.device(), "dump")));
            } catch (Shell.Failed missing) {
                // the apply asks again and says what is missing
            }
        }
        Map<EbpfMaps.Name, Map<String, String>> maps = new java.util.EnumMap<>(EbpfMaps.Name.class);
        Map<String, Integer> attached = Map.of();
        if (decap == LinuxPlan.Dataplane.EBPF && bpf.programId(Bpf.ENCAP) >= 0) {
            for (EbpfMaps.Name m : List.of(EbpfMaps.Name.IF_TENANT, EbpfMaps.Name.ENCAP4, EbpfMaps.Name.ENCAP6, EbpfMaps.Name.SID_TABLE, EbpfMaps.Name.STATS)) {
                maps.put(m, bpf.dump(m));
            }
            attached = bpf.attached(links.keySet());
        }
        String tunsrc = decap == LinuxPlan.Dataplane.EBPF ? "" : shell.ip(List.of("sr", "tunsrc", "show"), null);
        return new Kernel(routes, rules, shell.nftList().isEmpty(), tunsrc, links, dumps, maps, attached);
    }

    /**
     * Makes the record of what is installed match what was read from the kernel (on the first apply,
     * after a failure, at each audit): routes and rules of ours that someone removed are forgotten,
     * so they are put back; ones the record lacks (left by an earlier agent) are adopted, so they
     * are replaced or removed. Everything after diffs against the record alone.
     */
    private void adopt(Kernel k) {
        Link anchor = k.links().get(decap == LinuxPlan.Dataplane.EBPF ? LinuxPlan.ENCAP_DEVICE : LinuxPlan.ANCHOR);
        anchorUp = anchor != null && anchor.up();
        installedTunsrc = null;
        installedTunnels.clear();
        installedVrfs = null;
        installed.keySet().retainAll(k.routes().keySet());
        k.routes().forEach(installed::putIfAbsent);
        installedRules.putAll(k.rules());
        if (k.nftEmpty()) installedNft = null;
        links = k.links();
        mtuTowards.clear();
        installedMaps.clear();
        k.maps().forEach((m, c) -> installedMaps.put(m, new HashMap<>(c)));
        installedAttach = new HashMap<>(k.attached());
        preread = k;
    }

    /** The tenants' VRF devices (VRF mode): made before the SIDs that point into them, stale ones removed. */
    private void vrfs(List<LinuxPlan.Vrf> wanted) throws Shell.Failed {
        if (decap != LinuxPlan.Dataplane.SEG6_VRF || wanted.equals(installedVrfs)) return;
        Set<String> present = new LinkedHashSet<>();
        for (Map<String, String> l : topLevelFields(shell.ip(List.of("-json", "link", "show", "type", "vrf"), null), "ifname")) {
            String name = l.get("ifname");
            if (name != null && name.startsWith("gvrf")) present.add(name);
        }
        List<String> cmds = new ArrayList<>();
        for (LinuxPlan.Vrf v : wanted) {
            if (!present.remove(v.device())) cmds.add("link add " + v.device() + " type vrf table " + v.table());
            cmds.add("link set " + v.device() + " up");
        }
        // a VRF of a tenant that left this node; its SIDs are gone with the routes below
        present.forEach(n -> cmds.add("link del " + n));
        shell.ipBatch(0, cmds);
        installedVrfs = List.copyOf(wanted);
    }

    /** Keys, ports and peers of this node's WireGuard interfaces, before any route needs them. */
    private void tunnels(List<NodeConfig.Tunnel> wanted) throws Shell.Failed {
        if (tunnelPorts.isEmpty()) return;
        for (NodeConfig.Tunnel t : wanted) {
            LinuxPlan.TunnelPort port = tunnelPorts.get(t.peer());
            if (port == null || t.equals(installedTunnels.get(t.peer()))) continue;
            String dump = preread == null ? null : preread.wgDumps().get(port.device());
            try {
                if (dump == null) dump = shell.wg(List.of("show", port.device(), "dump"));
            } catch (Shell.Failed e) {
                throw new Shell.Failed("the WireGuard interface " + port.device() + " for the tunnel to " + t.peer()
                        + " is not there (" + e.getMessage().strip() + "); it must exist before the agent configures it");
            }
            try {
                for (List<String> c : WireGuardPlan.commands(t, port, key.privateKey(), key.privateKeyFile().toString(), dump)) shell.wg(c);
            } catch (java.io.IOException e) {
                throw new Shell.Failed("cannot read the node's WireGuard key: " + e.getMessage());
            }
            Link seen = preread == null ? null : preread.links().get(port.device());
            if (seen == null || !seen.up() || (t.mtu() != null && seen.mtu() != t.mtu())) {
                List<String> up = new ArrayList<>(List.of("link", "set", "dev", port.device(), "up"));
                if (t.mtu() != null) up.addAll(List.of("mtu", Integer.toString(t.mtu())));
                shell.ip(up, null);
            }
            installedTunnels.put(t.peer(), t);
        }
    }

    private void anchor() throws Shell.Failed {
        if (anchorUp) return;
        boolean ebpf = decap == LinuxPlan.Dataplane.EBPF;
        String dev = ebpf ? LinuxPlan.ENCAP_DEVICE : LinuxPlan.ANCHOR;
        try {
            shell.ip(List.of("link", "show", dev), null);
        } catch (Shell.Failed missing) {
            // an empty bridge stays up whatever happens to other links: a stable device for seg6local
            // routes, and (eBPF) the device whose egress program encapsulates
            shell.ip(ebpf ? List.of("link", "add", dev, "type", "bridge", "mcast_snooping", "0") : List.of("link", "add", dev, "type", "bridge"), null);
        }
        if (ebpf) {
            // no neighbour discovery (the program sends the packet on, nothing is resolved on the
            // bridge), no addresses of its own, and routes on it carry their own MTUs
            // (addrgenmode first, on its own: set with "up" the link-local address is made before it applies)
            shell.ip(List.of("link", "set", dev, "addrgenmode", "none"), null);
            shell.ip(List.of("link", "set", dev, "arp", "off", "multicast", "off", "mtu", "65535", "up"), null);
        } else {
            shell.ip(List.of("link", "set", dev, "up"), null);
        }
        anchorUp = true;
    }

    private void tunsrc(String address) throws Shell.Failed {
        if (address.equals(installedTunsrc)) return;
        String shown = preread != null ? preread.tunsrc() : shell.ip(List.of("sr", "tunsrc", "show"), null);
        if (!shown.contains(address)) {
            shell.ip(List.of("sr", "tunsrc", "set", address), null);
        }
        installedTunsrc = address;
    }

    /** Returns {replaced, deleted}: the difference between the desired routes and the record. */
    private int[] routes(List<LinuxPlan.Route> desired) throws Shell.Failed {
        Map<LinuxPlan.RouteKey, LinuxPlan.Route> want = new HashMap<>();
        desired.forEach(r -> want.put(r.key(), r));
        List<String> replace4 = new ArrayList<>(), replace6 = new ArrayList<>(), del4 = new ArrayList<>(), del6 = new ArrayList<>();
        for (LinuxPlan.Route r : desired) {
            if (r.spec().equals(installed.get(r.key()))) continue;
            (r.family() == 4 ? replace4 : replace6).add("route replace " + r.spec() + " proto " + PROTO);
        }
        for (Map.Entry<LinuxPlan.RouteKey, String> e : installed.entrySet()) {
            if (want.containsKey(e.getKey())) continue;
            LinuxPlan.RouteKey k = e.getKey();
            String type = e.getValue().startsWith("unreachable ") ? "unreachable " : "";
            (k.family() == 4 ? del4 : del6).add("route del " + type + k.dst() + " table " + k.table() + " proto " + PROTO);
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

    /** Our rules of one family as the kernel has them, in the plan's canonical form. */
    private Set<String> kernelRules(int family) throws Shell.Failed {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode r : json(shell.ip(List.of("-" + family, "-json", "rule", "show"), null))) {
            if (!Integer.toString(PROTO).equals(r.path("protocol").asText())) continue;
            StringBuilder s = new StringBuilder("pref ").append(r.path("priority").asInt());
            if (r.has("iif")) s.append(" iif ").append(r.get("iif").asText());
            if (r.has("fwmark")) s.append(" fwmark ").append(r.get("fwmark").asText());
            if (r.has("dst") && !r.get("dst").asText().equals("all")) s.append(" to ").append(r.get("dst").asText()).append('/').append(r.path("dstlen").asInt());
            s.append(" lookup ").append(r.path("table").asText());
            out.add(s.toString());
        }
        return out;
    }

    private int[] rules(List<LinuxPlan.Rule> desired) throws Shell.Failed {
        int added = 0, deleted = 0;
        for (int f : new int[]{4, 6}) {
            Set<String> have = installedRules.getOrDefault(f, Set.of());
            Set<String> want = new LinkedHashSet<>();
            for (LinuxPlan.Rule r : desired) if (r.family() == f) want.add(r.spec());
            List<String> add = new ArrayList<>(), del = new ArrayList<>();
            for (String w : want) if (!have.contains(w)) add.add("rule add " + w + " protocol " + PROTO);
            for (String k : have) if (!want.contains(k)) del.add("rule del " + k);
            batch(f, add);
            batch(f, del);
            installedRules.put(f, want);
            added += add.size();
            deleted += del.size();
        }
        return new int[]{added, deleted};
    }

    private boolean nft(String script) throws Shell.Failed {
        // one nft transaction replaces the whole table: atomic, so no packet sees a half-built ruleset
        if (script.equals(installedNft)) return false;
        shell.nft(script);
        installedNft = script;
        return true;
    }

    private void batch(int family, List<String> lines) throws Shell.Failed {
        shell.ipBatch(family, lines);
    }

    /**
     * The named string fields of each object in a JSON array, skipping everything nested: a
     * streaming read, since a table of 10,000 routes is megabytes of JSON read on every apply.
     */
    static List<Map<String, String>> topLevelFields(String json, String... names) throws Shell.Failed {
        List<Map<String, String>> out = new ArrayList<>();
        if (json.isBlank()) return out;
        Set<String> wanted = Set.of(names);
        try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(json)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) throw new Shell.Failed("ip -json printed no array");
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                Map<String, String> fields = new HashMap<>(8);
                while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    com.fasterxml.jackson.core.JsonToken v = p.nextToken();
                    if (v.isStructStart()) p.skipChildren();
                    else if (wanted.contains(name)) fields.put(name, p.getValueAsString());
                }
                out.add(fields);
            }
        } catch (java.io.IOException e) {
            throw new Shell.Failed("cannot read ip -json output: " + e.getMessage());
        }
        return out;
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

package dev.galactic.agent.driver.linux;

import dev.galactic.core.model.Caller;
import dev.galactic.core.model.ChangePlanner;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.net.IpPrefix;
import dev.galactic.core.render.NodeConfig;
import dev.galactic.core.render.Renderer;
import dev.galactic.core.render.TenantPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Linux driver with real packets: two edges and a core in network namespaces, two tenants
 * with the same IPv4 prefixes (one also on IPv6), configs from the renderer applied by the
 * driver; pings cross the backbone as SRv6 and stay inside their tenant.
 */
class LinuxDriverNetnsTest {

    static final String P = "gxd" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2); // ends up in interface names: short
    static final List<String> NAMESPACES = List.of("a", "c", "b", "h1a", "h1b", "h2a", "h2b", "h3a", "h3b");
    static Map<String, NodeConfig> configs;
    static LinuxDriver a, c, b;

    static String ns(String n) { return P + n; }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + ": " + out);
        return out;
    }

    static void in(String n, String cmd) throws Exception {
        List<String> args = new ArrayList<>(List.of("ip", "netns", "exec", ns(n)));
        args.addAll(List.of(cmd.split(" ")));
        run(args.toArray(String[]::new));
    }

    /** Pings from the site's LAN address (the link net to the edge is not part of the VPC). */
    static boolean ping(String from, String to) throws Exception {
        String src = to.contains(":") ? "fd01:1::1" : "10.1.0.1";
        Process p = new ProcessBuilder("ip", "netns", "exec", ns(from), "ping", "-c", "2", "-i", "0.2", "-W", "1", "-I", src, to).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(15, TimeUnit.SECONDS)) p.destroyForcibly();
        return p.exitValue() == 0;
    }

    static long rx(String n, String dev) throws Exception {
        return Long.parseLong(run("ip", "netns", "exec", ns(n), "cat", "/sys/class/net/" + dev + "/statistics/rx_packets").trim());
    }

    static void veth(String n1, String d1, String n2, String d2) throws Exception {
        run("ip", "link", "add", d1 + P, "netns", ns(n1), "type", "veth", "peer", "name", d2 + P, "netns", ns(n2));
        in(n1, "ip link set " + d1 + P + " name " + d1);
        in(n2, "ip link set " + d2 + P + " name " + d2);
        in(n1, "ip link set " + d1 + " up");
        in(n2, "ip link set " + d2 + " up");
    }

    @BeforeAll
    static void build() throws Exception {
        boolean root = "0".equals(run("id", "-u").trim());
        if (!root) {
            if (Boolean.getBoolean("galactic.requireLab")) throw new IllegalStateException("the Linux driver test needs root");
            Assumptions.abort("needs root for network namespaces");
        }
        for (String n : NAMESPACES) {
            run("ip", "netns", "add", ns(n));
            in(n, "sysctl -q -w net.ipv6.conf.all.forwarding=1 net.ipv4.ip_forward=1 net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0");
            in(n, "ip link set lo up");
        }
        veth("a", "to-c", "c", "to-a");
        veth("c", "to-b", "b", "to-c");
        in("a", "ip -6 addr add fd00:1::1/64 dev to-c nodad");
        in("c", "ip -6 addr add fd00:1::2/64 dev to-a nodad");
        in("c", "ip -6 addr add fd00:2::1/64 dev to-b nodad");
        in("b", "ip -6 addr add fd00:2::2/64 dev to-c nodad");
        for (String[] n : new String[][]{{"a", "fc00:a::1"}, {"c", "fc00:c::1"}, {"b", "fc00:b::1"}}) in(n[0], "ip -6 addr add " + n[1] + "/128 dev lo nodad");
        in("a", "ip -6 route add fc00:c::/48 via fd00:1::2");
        in("a", "ip -6 route add fc00:b::/48 via fd00:1::2");
        in("c", "ip -6 route add fc00:a::/48 via fd00:1::1");
        in("c", "ip -6 route add fc00:b::/48 via fd00:2::2");
        in("b", "ip -6 route add fc00:a::/48 via fd00:2::1");
        in("b", "ip -6 route add fc00:c::/48 via fd00:2::1");
        // customer hosts: both tenants use 10.1.0.0/24 at a and 10.2.0.0/24 at b; each has one unique address
        // /32s: an address with a wider prefix on lo would make the host answer the whole prefix
        String[][] sites = {{"h1a", "a", "t1", "11", "10.1.0.1/32"}, {"h2a", "a", "t2", "12", "10.1.0.1/32"},
                {"h1b", "b", "t1", "21", "10.2.0.1/32 10.2.0.11/32"}, {"h2b", "b", "t2", "22", "10.2.0.1/32 10.2.0.22/32"},
                // t1's second VPC, w, reuses v's prefixes: each VPC is its own routing domain
                {"h3a", "a", "w1", "13", "10.1.0.1/32"}, {"h3b", "b", "w1", "23", "10.2.0.1/32 10.2.0.33/32"}};
        for (String[] s : sites) {
            veth(s[1], s[2], s[0], "up0");
            in(s[1], "ip addr add 172.16." + s[3] + ".1/30 dev " + s[2]);
            in(s[0], "ip addr add 172.16." + s[3] + ".2/30 dev up0");
            for (String addr : s[4].split(" ")) in(s[0], "ip addr add " + addr + " dev lo");
            in(s[0], "ip route add default via 172.16." + s[3] + ".1");
        }
        // tenant t2 is on IPv6 too
        in("a", "ip -6 addr add fd00:30:12::1/64 dev t2 nodad");
        in("h2a", "ip -6 addr add fd00:30:12::2/64 dev up0 nodad");
        in("h2a", "ip -6 addr add fd01:1::1/128 dev lo nodad");
        in("h2a", "ip -6 route add default via fd00:30:12::1");
        in("b", "ip -6 addr add fd00:30:22::1/64 dev t2 nodad");
        in("h2b", "ip -6 addr add fd00:30:22::2/64 dev up0 nodad");
        in("h2b", "ip -6 addr add fd01:2::1/128 dev lo nodad");
        in("h2b", "ip -6 route add default via fd00:30:22::1");

        configs = render();
        a = new LinuxDriver(ns("a"), PORTS_A);
        c = new LinuxDriver(ns("c"), Map.of());
        b = new LinuxDriver(ns("b"), Map.of("s1b", new LinuxPlan.SitePort("t1", "172.16.21.2", null),
                "s2b", new LinuxPlan.SitePort("t2", "172.16.22.2", "fd00:30:22::2"), "w1b", new LinuxPlan.SitePort("w1", "172.16.23.2", null)));
        a.apply(configs.get("a"));
        c.apply(configs.get("c"));
        b.apply(configs.get("b"));
    }

    static final Map<String, LinuxPlan.SitePort> PORTS_A = Map.of("s1a", new LinuxPlan.SitePort("t1", "172.16.11.2", null),
            "s2a", new LinuxPlan.SitePort("t2", "172.16.12.2", "fd00:30:12::2"), "w1a", new LinuxPlan.SitePort("w1", "172.16.13.2", null));

    static Map<String, NodeConfig> render() {
        String yaml = """
                apiVersion: galactic/v1alpha1
                kind: Node
                metadata: {name: a}
                spec: {role: edge, locator: "fc00:a::/48", location: {lat: 50, lon: 8, country: DE}}
                ---
                apiVersion: galactic/v1alpha1
                kind: Node
                metadata: {name: c}
                spec: {role: core, locator: "fc00:c::/48", location: {lat: 51, lon: 9, country: DE}}
                ---
                apiVersion: galactic/v1alpha1
                kind: Node
                metadata: {name: b}
                spec: {role: edge, locator: "fc00:b::/48", location: {lat: 52, lon: 10, country: DE}}
                """;
        for (String t : List.of("t1", "t2")) {
            String v6a = t.equals("t2") ? ", \"fd01:1::/64\"" : "", v6b = t.equals("t2") ? ", \"fd01:2::/64\"" : "";
            yaml += """
                    ---
                    apiVersion: galactic/v1alpha1
                    kind: Tenant
                    metadata: {name: %1$s}
                    ---
                    apiVersion: galactic/v1alpha1
                    kind: TrafficClass
                    metadata: {name: fast, tenant: %1$s}
                    spec: {mode: lowest-latency}
                    ---
                    apiVersion: galactic/v1alpha1
                    kind: Vpc
                    metadata: {name: v, tenant: %1$s}
                    spec: {type: l3vpn, trafficClass: fast}
                    ---
                    apiVersion: galactic/v1alpha1
                    kind: Attachment
                    metadata: {name: s%2$sa, tenant: %1$s}
                    spec: {vpc: v, node: a, kind: port, prefixes: ["10.1.0.0/24"%3$s]}
                    ---
                    apiVersion: galactic/v1alpha1
                    kind: Attachment
                    metadata: {name: s%2$sb, tenant: %1$s}
                    spec: {vpc: v, node: b, kind: port, prefixes: ["10.2.0.0/24"%4$s]}
                    """.formatted(t, t.substring(1), v6a, v6b);
        }
        yaml += """
                ---
                apiVersion: galactic/v1alpha1
                kind: Vpc
                metadata: {name: w, tenant: t1}
                spec: {type: l3vpn, trafficClass: fast}
                ---
                apiVersion: galactic/v1alpha1
                kind: Attachment
                metadata: {name: w1a, tenant: t1}
                spec: {vpc: w, node: a, kind: port, prefixes: ["10.1.0.0/24"]}
                ---
                apiVersion: galactic/v1alpha1
                kind: Attachment
                metadata: {name: w1b, tenant: t1}
                spec: {vpc: w, node: b, kind: port, prefixes: ["10.2.0.0/24"]}
                """;
        // t2 sorts its traffic: a classifier of higher priority (lower number) wins over a later one
        yaml += """
                ---
                apiVersion: galactic/v1alpha1
                kind: TrafficClass
                metadata: {name: replication, tenant: t2}
                spec: {mode: lowest-latency}
                ---
                apiVersion: galactic/v1alpha1
                kind: TrafficClass
                metadata: {name: bulk, tenant: t2}
                spec: {mode: lowest-cost}
                ---
                apiVersion: galactic/v1alpha1
                kind: Classifier
                metadata: {name: db, tenant: t2}
                spec: {vpc: v, trafficClass: replication, priority: 10, match: {protocol: tcp, destinationPorts: ["5432"]}}
                ---
                apiVersion: galactic/v1alpha1
                kind: Classifier
                metadata: {name: scavenger, tenant: t2}
                spec: {vpc: v, trafficClass: bulk, priority: 40, match: {dscp: 8}}
                """;
        List<ChangePlanner.Op> ops = new ArrayList<>();
        for (Resource r : ResourceCodec.parse(yaml, ResourceCodec.Format.YAML).resources()) ops.add(new ChangePlanner.Op.Put(ops.size(), r));
        ChangePlanner.Plan plan = ChangePlanner.plan(ResourceImage.EMPTY, ops, Caller.OPERATOR);
        assertThat(plan.errors()).isEmpty();
        List<TenantPath> paths = new ArrayList<>();
        for (String t : List.of("t1", "t2")) {
            String n = t.substring(1);
            paths.add(new TenantPath(t, "v", "fast", "s" + n + "a", "s" + n + "b", List.of("a", "c", "b"), List.of()));
            paths.add(new TenantPath(t, "v", "fast", "s" + n + "b", "s" + n + "a", List.of("b", "c", "a"), List.of()));
        }
        paths.add(new TenantPath("t1", "w", "fast", "w1a", "w1b", List.of("a", "c", "b"), List.of()));
        paths.add(new TenantPath("t1", "w", "fast", "w1b", "w1a", List.of("b", "c", "a"), List.of()));
        for (String cls : List.of("replication", "bulk")) {
            paths.add(new TenantPath("t2", "v", cls, "s2a", "s2b", List.of("a", "c", "b"), List.of()));
            paths.add(new TenantPath("t2", "v", cls, "s2b", "s2a", List.of("b", "c", "a"), List.of()));
        }
        Map<String, IpPrefix> locators = Map.of("a", IpPrefix.parse("fc00:a::/48"), "c", IpPrefix.parse("fc00:c::/48"), "b", IpPrefix.parse("fc00:b::/48"));
        // VPC ids apart from the tenant ids: the decapsulation SIDs carry the VPC's
        Map<dev.galactic.core.model.ResourceKey, Integer> vpcIds = new java.util.HashMap<>();
        for (Resource v : plan.after().list(dev.galactic.core.model.Kind.VPC)) vpcIds.put(v.key(), 100 + vpcIds.size());
        return Renderer.render(new Renderer.Input(plan.after(), locators, Map.of("t1", 1, "t2", 2), vpcIds, paths, Map.of()));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (System.getenv("GALACTIC_KEEP_NETNS") != null) return; // for debugging a failure by hand
        for (LinuxDriver d : new LinuxDriver[]{a, b, c}) if (d != null) Bpf.remove(d.bpfPins());
        Bpf.remove(java.nio.file.Path.of(Bpf.DEFAULT_ROOT, ns("h1b")));
        for (String n : NAMESPACES) {
            try {
                run("ip", "netns", "del", ns(n));
            } catch (IOException ignored) {
                // not created
            }
        }
        // the programs attached in the namespaces kept the bpffs busy until the namespaces went
        Bpf.unmountIfUnused(java.nio.file.Path.of(Bpf.DEFAULT_ROOT));
    }

    @Test
    void tenantsReachTheirOwnSitesAcrossTheBackboneAndNothingElse() throws Exception {
        assertThat(ping("h1a", "10.2.0.11")).as("t1 to its own site").isTrue();
        assertThat(ping("h2a", "10.2.0.22")).as("t2 to its own site").isTrue();
        assertThat(ping("h1a", "10.2.0.22")).as("t1 to t2's address").isFalse();
        assertThat(ping("h2a", "10.2.0.11")).as("t2 to t1's address").isFalse();
        // the shared address answers in the sender's tenant only
        long before = rx("h1b", "up0");
        assertThat(ping("h2a", "10.2.0.1")).isTrue();
        assertThat(rx("h1b", "up0") - before).as("t2's pings reaching t1's host").isZero();
        assertThat(ping("h2a", "fd01:2::1")).as("t2 over IPv6").isTrue();
        // the packets went through the core, as SRv6
        long core = rx("c", "to-a");
        long end = c.endPackets();
        assertThat(ping("h1a", "10.2.0.11")).isTrue();
        assertThat(rx("c", "to-a") - core).isGreaterThanOrEqualTo(2);
        if (a.dataplane() == LinuxPlan.Dataplane.EBPF) {
            assertThat(c.endPackets() - end).as("End at the core, both ways").isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void twoVpcsOfOneTenantWithTheSamePrefixesStayApart() throws Exception {
        assertThat(ping("h3a", "10.2.0.33")).as("w to its own site").isTrue();
        assertThat(ping("h3a", "10.2.0.11")).as("w to v's address").isFalse();
        assertThat(ping("h1a", "10.2.0.33")).as("v to w's address").isFalse();
        // the address both VPCs use answers in the sender's VPC only
        long v = rx("h1b", "up0"), w = rx("h3b", "up0");
        assertThat(ping("h3a", "10.2.0.1")).isTrue();
        assertThat(rx("h1b", "up0") - v).as("w's pings reaching v's host").isZero();
        assertThat(rx("h3b", "up0") - w).as("w's pings reaching w's host").isGreaterThanOrEqualTo(2);
        v = rx("h1b", "up0");
        w = rx("h3b", "up0");
        assertThat(ping("h1a", "10.2.0.1")).isTrue();
        assertThat(rx("h3b", "up0") - w).as("v's pings reaching w's host").isZero();
        assertThat(rx("h1b", "up0") - v).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theEbpfCountersCountEachTenantApart() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(a.dataplane() == LinuxPlan.Dataplane.EBPF, "counters are the eBPF data plane's");
        var beforeA = a.counters();
        var beforeB = b.counters();
        assertThat(ping("h2a", "10.2.0.22")).isTrue();
        var afterA = a.counters();
        var afterB = b.counters();
        // two echo requests of 84 bytes encapsulated by t2 at a, decapsulated for t2 at b; t1 saw none
        assertThat(delta(beforeA, afterA, 2, classIndex("t2", "fast"))).containsExactly(2, 168);
        assertThat(delta(beforeB, afterB, 2, EbpfMaps.DECAP_CLASS)).containsExactly(2, 168);
        assertThat(delta(beforeA, afterA, 1, 0)).containsExactly(0, 0);
        assertThat(delta(beforeB, afterB, 1, EbpfMaps.DECAP_CLASS)).containsExactly(0, 0);
        assertThat(a.drops().values()).as("drops at a: " + a.drops()).allMatch(n -> n == 0);
    }

    @Test
    void theClassifierOfHigherPriorityWinsForARealPacket() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(a.dataplane() == LinuxPlan.Dataplane.EBPF, "per-class counters are the eBPF data plane's");
        int replication = classIndex("t2", "replication"), bulk = classIndex("t2", "bulk");
        // TCP to 5432 marked DSCP 8 (CS1): both classifiers match; db (priority 10) beats scavenger (40)
        var before = a.counters();
        tcpSyn("h2a", "10.2.0.22", 5432, 8);
        var after = a.counters();
        assertThat(delta(before, after, 2, replication)[0]).as("packets in replication").isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, 2, bulk)[0]).as("packets in bulk").isZero();
        // the same DSCP to another port matches only the scavenger
        before = a.counters();
        tcpSyn("h2a", "10.2.0.22", 8080, 8);
        after = a.counters();
        assertThat(delta(before, after, 2, bulk)[0]).as("packets in bulk").isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, 2, replication)[0]).as("packets in replication").isZero();
    }

    /** Opens (and at once abandons) a TCP connection from the site's LAN address with a DSCP. */
    static void tcpSyn(String from, String to, int port, int dscp) throws Exception {
        String py = "import socket\ns=socket.socket()\ns.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, " + (dscp << 2) + ")\n"
                + "s.bind(('10.1.0.1', 0))\ns.settimeout(1.5)\ntry:\n  s.connect(('" + to + "', " + port + "))\nexcept OSError:\n  pass\n";
        Process p = new ProcessBuilder("ip", "netns", "exec", ns(from), "python3", "-c", py).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(15, TimeUnit.SECONDS)) p.destroyForcibly();
    }

    static int classIndex(String tenant, String cls) {
        return configs.get("a").tenants().stream().filter(t -> t.tenant().equals(tenant)).flatMap(t -> t.classes().stream())
                .filter(cr -> cr.trafficClass().equals(cls)).findFirst().orElseThrow().index();
    }

    static long[] delta(Map<List<Integer>, long[]> before, Map<List<Integer>, long[]> after, int tenant, int cls) {
        long[] x = before.getOrDefault(List.of(tenant, cls), new long[2]), y = after.get(List.of(tenant, cls));
        assertThat(y).as("a counter for tenant " + tenant + " class " + cls).isNotNull();
        return new long[]{y[0] - x[0], y[1] - x[1]};
    }

    @Test
    void theDriverChoosesItsMechanismByAskingTheKernel() throws Exception {
        // the tools are installed by the test command, so the programs build and load: auto means eBPF
        assertThat(a.dataplane()).isEqualTo(LinuxPlan.Dataplane.EBPF);
        boolean seg6Here;
        try {
            in("h1b", "ip -6 route add 2001:db8::/64 encap seg6 mode encap segs 2001:db8::1 dev lo");
            seg6Here = true;
        } catch (IOException e) {
            seg6Here = false;
        }
        LinuxDriver seg6 = new LinuxDriver(ns("h1b"), Map.of(), new LinuxDriver.Options(LinuxDriver.Choice.SEG6,
                java.nio.file.Path.of(Bpf.DEFAULT_ROOT, ns("h1b"))));
        if (seg6Here) {
            seg6.apply(configs.get("c"));
            assertThat(seg6.dataplane()).isIn(LinuxPlan.Dataplane.SEG6_TABLES, LinuxPlan.Dataplane.SEG6_VRF);
        } else {
            // told seg6 on a kernel without it: refused with what to do instead
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> seg6.apply(configs.get("c")))
                    .hasMessageContaining("no seg6 lightweight tunnels").hasMessageContaining("--dataplane ebpf");
        }
    }

    @Test
    void tenantsCannotReachTheUnderlayOrSids() throws Exception {
        assertThat(ping("h2a", "fc00:c::1")).as("a core's address").isFalse();
        assertThat(ping("h2a", "fc00:b:0:4002::")).as("a decapsulation SID").isFalse();
        assertThat(ping("h2a", "fd00:1::2")).as("an underlay link").isFalse();
        assertThat(ping("h1a", "172.16.21.2")).as("another site's link net").isFalse();
        assertThat(ping("h1a", "172.16.11.1")).as("its own edge's address").isFalse();
    }

    @Test
    void applyingAgainTouchesNothingAndAChangeTouchesOnlyItself() throws Exception {
        a.apply(configs.get("a"));
        assertThat(a.lastReport().nothing()).as(a.lastReport().toString()).isTrue();
        // drop t1's route to 10.2.0.0/24: exactly one route goes, and traffic of t2 does not notice
        NodeConfig cfg = configs.get("a");
        List<NodeConfig.TenantConfig> tenants = new ArrayList<>();
        for (NodeConfig.TenantConfig t : cfg.tenants()) {
            if (!t.tenant().equals("t1")) {
                tenants.add(t);
                continue;
            }
            List<NodeConfig.ClassRoutes> classes = t.classes().stream().map(cr -> new NodeConfig.ClassRoutes(cr.vpc(), cr.trafficClass(), cr.index(),
                    cr.vpcDefault(), cr.routes().stream().filter(r -> !(cr.vpc().equals("v") && r.prefix().equals("10.2.0.0/24"))).toList())).toList();
            tenants.add(new NodeConfig.TenantConfig(t.tenant(), t.tenantId(), t.sites(), classes, t.steering()));
        }
        NodeConfig less = new NodeConfig(cfg.node(), cfg.role(), cfg.locator(), cfg.sourceAddress(), cfg.sidSpace(), cfg.localSids(), cfg.tunnels(), tenants);
        a.apply(less);
        int maps = a.dataplane() == LinuxPlan.Dataplane.EBPF ? 1 : 0; // the route's segment list in encap4
        assertThat(a.lastReport()).isEqualTo(new LinuxDriver.Report(0, 1, 0, 0, false, 0, maps));
        assertThat(ping("h1a", "10.2.0.11")).isFalse();
        assertThat(ping("h2a", "10.2.0.22")).isTrue();
        a.apply(cfg);
        assertThat(a.lastReport()).isEqualTo(new LinuxDriver.Report(1, 0, 0, 0, false, maps, 0));
        assertThat(ping("h1a", "10.2.0.11")).isTrue();
        // a restarted agent adopts what it finds: a new driver re-asserts the routes in place and removes nothing
        LinuxDriver fresh = new LinuxDriver(ns("a"), PORTS_A);
        fresh.apply(cfg);
        assertThat(fresh.lastReport().routesDeleted()).isZero();
        assertThat(fresh.lastReport().rulesAdded()).isZero();
        assertThat(fresh.lastReport().mapsWritten() + fresh.lastReport().mapsDeleted()).as("the pinned maps and programs are read back as they are").isZero();
        assertThat(ping("h1a", "10.2.0.11")).isTrue();

        // a route removed by hand: between audits the driver trusts its record, the audit puts the route back
        String table = Long.toString(LinuxPlan.table(cfg.tenants().stream().filter(t -> t.tenant().equals("t1")).findFirst().orElseThrow().tenantId(), 0));
        in("a", "ip route del 10.2.0.0/24 table " + table);
        assertThat(ping("h1a", "10.2.0.11")).isFalse();
        fresh.apply(cfg);
        assertThat(fresh.lastReport().nothing()).as("trusted between audits: " + fresh.lastReport()).isTrue();
        assertThat(fresh.audit()).as("an audit runs once a config is in force").isTrue();
        assertThat(fresh.lastReport()).as("the audit restores the route").isEqualTo(new LinuxDriver.Report(1, 0, 0, 0, false));
        assertThat(ping("h1a", "10.2.0.11")).isTrue();
        assertThat(fresh.audit()).isTrue();
        assertThat(fresh.lastReport().nothing()).as("an audit of an untouched kernel changes nothing: " + fresh.lastReport()).isTrue();
        LinuxDriver idle = new LinuxDriver(ns("a"), Map.of());
        assertThat(idle.audit()).as("no config applied yet: nothing to audit against").isFalse();
        assertThat(ping("h1a", "10.2.0.11")).isTrue();
    }

}

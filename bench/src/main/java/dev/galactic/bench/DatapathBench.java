package dev.galactic.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galactic.agent.driver.DataPlaneDriver;
import dev.galactic.agent.driver.linux.Bpf;
import dev.galactic.agent.driver.linux.LinuxDriver;
import dev.galactic.agent.driver.linux.LinuxPlan;
import dev.galactic.agent.driver.linux.Shell;
import dev.galactic.core.model.NodeSpec.NodeRole;
import dev.galactic.core.render.NodeConfig;
import dev.galactic.core.sid.SidFunction;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The linux driver's data plane with real traffic: iperf3 (TCP, then UDP) from a site through an
 * ingress edge, a core and an egress edge to another site, as SRv6 programmed by the driver from
 * node configs, against a plain IPv4 path of the same hops (veth pairs of the same MTUs, routed
 * by the kernel with no encapsulation) built beside it and measured in the same run, alternately.
 * Everything lives in network namespaces of its own, removed afterwards with the iperf3 servers
 * (by PID) and the eBPF pins.
 */
public final class DatapathBench {

    /** @param seconds per iperf3 run; @param runs of each kind and path */
    public record Options(int seconds, int runs, LinuxDriver.Choice dataplane) {
        public static final Options DEFAULTS = new Options(5, 3, LinuxDriver.Choice.AUTO);
    }

    static final int UNDERLAY_MTU = 1600;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] HOPS = {"h1", "e1", "c", "e2", "h2"};

    private DatapathBench() {
    }

    public static void run(PrintStream out, Options o) throws Shell.Failed, DataPlaneDriver.DriverException {
        String p = "gdp" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        String srv6 = p + "s", plain = p + "p";
        out.printf("bench datapath: site -> edge -> core -> edge -> site, SRv6 (%s) against plain IPv4 forwarding over the same hops; "
                + "iperf3 %d s x %d runs each; namespaces %s*%n", o.dataplane(), o.seconds(), o.runs(), p);
        List<String> created = new ArrayList<>();
        List<LinuxDriver> drivers = new ArrayList<>();
        try {
            chain(srv6, created);
            chain(plain, created);
            plainRoutes(plain);
            for (String n : new String[]{"e1", "c", "e2"}) {
                Map<String, LinuxPlan.SitePort> ports = n.equals("c") ? Map.of()
                        : Map.of("s-" + n, new LinuxPlan.SitePort("site", "172.16." + (n.equals("e1") ? 1 : 2) + ".2", null));
                LinuxDriver d = new LinuxDriver(srv6 + n, ports, new LinuxDriver.Options(o.dataplane(), Path.of(Bpf.DEFAULT_ROOT, srv6 + n)));
                drivers.add(d);
                d.apply(config(n));
            }
            out.printf("  mechanism: %s; underlay MTU %d; TSO and GSO as the kernel sets them on veth%n", drivers.getFirst().dataplane(), UNDERLAY_MTU);
            double[][] tcp = new double[2][o.runs()], udp = new double[2][o.runs()], udpLoss = new double[2][o.runs()];
            for (int r = 0; r < o.runs(); r++) {
                for (int path = 0; path < 2; path++) {
                    String x = path == 0 ? plain : srv6;
                    tcp[path][r] = measured(x, o.seconds(), false).path("sum_received").path("bits_per_second").asDouble() / 1e9;
                    JsonNode u = measured(x, o.seconds(), true).path("sum");
                    udp[path][r] = u.path("bits_per_second").asDouble() / 1e9;
                    udpLoss[path][r] = u.path("lost_percent").asDouble();
                }
                out.printf("  run %d: TCP plain %.2f, SRv6 %.2f Gbit/s; UDP (1400-byte datagrams) plain %.2f, SRv6 %.2f Gbit/s (loss %.1f%% / %.1f%%)%n",
                        r + 1, tcp[0][r], tcp[1][r], udp[0][r], udp[1][r], udpLoss[0][r], udpLoss[1][r]);
            }
            out.printf("  %-12s %14s %14s %10s%n", "median", "plain Gbit/s", "SRv6 Gbit/s", "SRv6/plain");
            out.printf("  %-12s %14.2f %14.2f %9.0f%%   (goal >= 50%%)%n", "TCP", median(tcp[0]), median(tcp[1]), 100 * median(tcp[1]) / median(tcp[0]));
            out.printf("  %-12s %14.2f %14.2f %9.0f%%   (goal >= 50%%)%n", "UDP", median(udp[0]), median(udp[1]), 100 * median(udp[1]) / median(udp[0]));
            if (!drivers.getFirst().drops().values().stream().allMatch(n -> n == 0)) out.printf("  ingress edge's eBPF drops: %s%n", drivers.getFirst().drops());
        } finally {
            for (LinuxDriver d : drivers) Bpf.remove(d.bpfPins());
            for (String ns : created) {
                try {
                    Shell.run(List.of("ip", "netns", "del", ns), null);
                } catch (Shell.Failed ignored) {
                    // gone
                }
            }
        }
    }

    /** Five namespaces in a row: site hosts at the ends, addresses on the site links; the underlay is IPv6 and IPv4. */
    private static void chain(String x, List<String> created) throws Shell.Failed {
        for (String h : HOPS) {
            sh("ip", "netns", "add", x + h);
            created.add(x + h);
            sh("ip", "netns", "exec", x + h, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1",
                    "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
            sh("ip", "-n", x + h, "link", "set", "lo", "up");
        }
        veth(x + "h1", "up0", x + "e1", "site", 1500);
        veth(x + "e1", "to-c", x + "c", "to-e1", UNDERLAY_MTU);
        veth(x + "c", "to-e2", x + "e2", "to-c", UNDERLAY_MTU);
        veth(x + "e2", "site", x + "h2", "up0", 1500);
        batch(x + "h1", "addr add 172.16.1.2/30 dev up0", "addr add 10.1.0.1/32 dev lo", "route add default via 172.16.1.1");
        batch(x + "h2", "addr add 172.16.2.2/30 dev up0", "addr add 10.2.0.1/32 dev lo", "route add default via 172.16.2.1");
        batch(x + "e1", "addr add 172.16.1.1/30 dev site", "addr add fd00:1::1/64 dev to-c nodad", "addr add 172.16.101.1/30 dev to-c",
                "addr add fc00:a::1/128 dev lo", "route add fc00::/16 via fd00:1::2");
        batch(x + "c", "addr add fd00:1::2/64 dev to-e1 nodad", "addr add 172.16.101.2/30 dev to-e1", "addr add fd00:2::2/64 dev to-e2 nodad",
                "addr add 172.16.102.2/30 dev to-e2", "addr add fc00:c::1/128 dev lo", "route add fc00:a::/48 via fd00:1::1",
                "route add fc00:b::/48 via fd00:2::1");
        batch(x + "e2", "addr add 172.16.2.1/30 dev site", "addr add fd00:2::1/64 dev to-c nodad", "addr add 172.16.102.1/30 dev to-c",
                "addr add fc00:b::1/128 dev lo", "route add fc00::/16 via fd00:2::2");
    }

    /** The baseline: the sites' prefixes routed hop by hop over the IPv4 link nets. */
    private static void plainRoutes(String x) throws Shell.Failed {
        batch(x + "e1", "route add 10.2.0.0/24 via 172.16.101.2", "route add 10.1.0.0/24 via 172.16.1.2");
        batch(x + "c", "route add 10.2.0.0/24 via 172.16.102.1", "route add 10.1.0.0/24 via 172.16.101.1");
        batch(x + "e2", "route add 10.1.0.0/24 via 172.16.102.2", "route add 10.2.0.0/24 via 172.16.2.2");
    }

    /** What the renderer would give each node for one tenant with a site at each edge, the core in between. */
    static NodeConfig config(String node) {
        String end = "fc00:c:0:1000::", dtA = "fc00:a:0:3001::", dtB = "fc00:b:0:3001::";
        if (node.equals("c")) {
            return new NodeConfig("c", NodeRole.CORE, "fc00:c::/48", "fc00:c::1", "fc00::/16",
                    List.of(new NodeConfig.LocalSid(end, SidFunction.END, null, null)), List.of(), List.of());
        }
        boolean a = node.equals("e1");
        String here = a ? "e1" : "e2", there = a ? "e2" : "e1";
        NodeConfig.ClassRoutes routes = new NodeConfig.ClassRoutes("v", "fast", 0, true, List.of(new NodeConfig.Route(
                a ? "10.2.0.0/24" : "10.1.0.0/24", List.of(end, a ? dtB : dtA), List.of(), "s-" + there, List.of(here, "c", there))));
        NodeConfig.TenantConfig t = new NodeConfig.TenantConfig("t", 1, List.of(new NodeConfig.Site("s-" + here, "v",
                List.of(a ? "10.1.0.0/24" : "10.2.0.0/24"))), List.of(routes), List.of());
        return new NodeConfig(here, NodeRole.EDGE, a ? "fc00:a::/48" : "fc00:b::/48", a ? "fc00:a::1" : "fc00:b::1", "fc00::/16",
                List.of(new NodeConfig.LocalSid(a ? dtA : dtB, SidFunction.END_DT4, "t", "v")), List.of(), List.of(t));
    }

    /**
     * A test that measured something: iperf3 now and then reports an empty result (its control
     * connection met a server still shutting down); such a test is run again, at most twice.
     */
    private static JsonNode measured(String x, int seconds, boolean udp) throws Shell.Failed {
        JsonNode end = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            end = iperf(x, seconds, udp);
            if ((udp ? end.path("sum") : end.path("sum_received")).path("bits_per_second").asDouble() > 0) return end;
        }
        throw new Shell.Failed("iperf3 measured nothing three times (" + (udp ? "UDP" : "TCP") + " through " + x + "): " + end);
    }

    /** One iperf3 test from h1 to h2 of chain {@code x}; the server is started for it and stopped by PID. */
    private static JsonNode iperf(String x, int seconds, boolean udp) throws Shell.Failed {
        Process server;
        try {
            server = new ProcessBuilder("ip", "netns", "exec", x + "h2", "iperf3", "-s", "-1", "-B", "10.2.0.1")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            throw new Shell.Failed("cannot start iperf3 (Debian package iperf3): " + e.getMessage());
        }
        try {
            List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", x + "h1", "iperf3", "-c", "10.2.0.1", "-B", "10.1.0.1",
                    "-t", Integer.toString(seconds), "-J", "--connect-timeout", "3000"));
            if (udp) c.addAll(List.of("-u", "-b", "0", "-l", "1400", "-w", "4M"));
            String text = null;
            for (int attempt = 0; attempt < 20 && text == null; attempt++) {
                try {
                    text = Shell.stdout(c, null); // the server may not listen yet on the first try
                } catch (Shell.Failed notYet) {
                    if (attempt == 19) throw notYet;
                    pause();
                }
            }
            JsonNode end = JSON.readTree(text).path("end");
            if (end.isMissingNode()) throw new Shell.Failed("iperf3 printed no result: " + text);
            return end;
        } catch (java.io.IOException e) {
            throw new Shell.Failed("cannot read iperf3's result: " + e.getMessage());
        } finally {
            server.destroy();
            try {
                if (!server.waitFor(5, TimeUnit.SECONDS)) server.destroyForcibly();
            } catch (InterruptedException e) {
                server.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void veth(String n1, String d1, String n2, String d2, int mtu) throws Shell.Failed {
        String tmp = "gdpv" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        sh("ip", "link", "add", tmp + "a", "netns", n1, "type", "veth", "peer", "name", tmp + "b", "netns", n2);
        batch(n1, "link set " + tmp + "a name " + d1, "link set " + d1 + " mtu " + mtu + " up");
        batch(n2, "link set " + tmp + "b name " + d2, "link set " + d2 + " mtu " + mtu + " up");
    }

    private static void batch(String ns, String... lines) throws Shell.Failed {
        new Shell(ns).ipBatch(0, List.of(lines));
    }

    private static void sh(String... cmd) throws Shell.Failed {
        Shell.run(List.of(cmd), null);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}

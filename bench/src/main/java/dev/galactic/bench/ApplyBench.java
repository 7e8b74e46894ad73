package dev.galactic.bench;

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

/**
 * How long the linux driver takes to make a NodeConfig real: an edge with many routes installed
 * from scratch, then one route changed at a time, then nothing changed. The baseline, measured
 * in the same run, is the kernel's own cost: the same routes as one {@code ip -batch} with no
 * reading back and no diff. Runs in a network namespace of its own (root), removed afterwards.
 */
public final class ApplyBench {

    /** @param routes remote prefixes in the config; @param changes one-route changes to time */
    /** @param dataplane the linux driver's mechanism (AUTO: what the kernel has) */
    public record Options(int routes, int changes, LinuxDriver.Choice dataplane) {
        public static final Options DEFAULTS = new Options(10_000, 50, LinuxDriver.Choice.AUTO);
    }

    private ApplyBench() {
    }

    public static void run(PrintStream out, Options o) throws Shell.Failed, DataPlaneDriver.DriverException {
        String ns = "gbench-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        out.printf("bench apply: linux driver, an edge with %,d remote prefixes (1 tenant, 1 site), namespace %s%n", o.routes(), ns);
        sh("ip", "netns", "add", ns);
        try {
            sh("ip", "-n", ns, "link", "add", "c-site", "type", "veth", "peer", "name", "h-site");
            sh("ip", "-n", ns, "link", "set", "c-site", "up");
            sh("ip", "-n", ns, "link", "set", "h-site", "up");
            sh("ip", "-n", ns, "addr", "add", "172.16.0.1/30", "dev", "c-site");
            sh("ip", "-n", ns, "addr", "add", "fc00:a::1/128", "dev", "lo");
            Map<String, LinuxPlan.SitePort> ports = Map.of("site", new LinuxPlan.SitePort("c-site", "172.16.0.2", null));

            LinuxDriver driver = new LinuxDriver(ns, ports, new LinuxDriver.Options(o.dataplane(), Path.of(Bpf.DEFAULT_ROOT, ns)));
            try {
                run(out, o, ns, driver);
            } finally {
                Bpf.remove(driver.bpfPins());
            }
        } finally {
            sh("ip", "netns", "del", ns);
        }
    }

    private static void run(PrintStream out, Options o, String ns, LinuxDriver driver) throws Shell.Failed, DataPlaneDriver.DriverException {
        long t0;
            int[] variants = new int[o.routes()];
            NodeConfig config = config(variants);
            t0 = System.nanoTime();
            driver.apply(config);
            double scratch = ms(System.nanoTime() - t0);
            LinuxDriver.Report first = driver.lastReport();

            // an agent runs for months: let the JIT compile planning and diffing before timing them
            int warmup = 30;
            double[] one = new double[o.changes()];
            for (int k = -warmup; k < o.changes(); k++) {
                variants[Math.floorMod(k * 7919, o.routes())] = k + warmup + 1;
                NodeConfig changed = config(variants);
                t0 = System.nanoTime();
                driver.apply(changed);
                if (k >= 0) one[k] = ms(System.nanoTime() - t0);
                LinuxDriver.Report r = driver.lastReport();
                // seg6: the route is replaced; eBPF: the segment list is one map entry (the route stays: same MTU)
                int touched = r.routesReplaced() + r.mapsWritten();
                if (touched != 1 || r.routesDeleted() + r.mapsDeleted() != 0) {
                    throw new IllegalStateException("a one-route change did more than one change: " + r);
                }
                config = changed;
            }
            double[] none = new double[5];
            for (int k = 0; k < none.length; k++) {
                t0 = System.nanoTime();
                driver.apply(config);
                none[k] = ms(System.nanoTime() - t0);
                if (!driver.lastReport().nothing()) throw new IllegalStateException("re-applying the same config changed " + driver.lastReport());
            }
            int installed = countRoutes(ns);

            // baseline: the same routes (and segment lists), one batch each, no diff (and removed again)
            Map<String, List<String>> raw = new java.util.LinkedHashMap<>();
            for (int i = 0; i < o.routes(); i++) raw.put(prefix(i), List.of(segs(i, 0).split(",")));
            double baseline = driver.rawInstall(raw, config.sourceAddress());

            out.printf("  mechanism: %s%n", driver.dataplane());
            out.printf("  %-44s %10s   %s%n", "", "ms", "vs baseline");
            out.printf("  %-44s %10.1f   1.00x%n", "baseline: ip -batch of the routes, no diff", baseline);
            out.printf("  %-44s %10.1f   %.2fx   (target < 2000 ms; %d routes, %d rules and %d map entries and programs added)%n", "apply from scratch",
                    scratch, scratch / baseline, first.routesReplaced(), first.rulesAdded(), first.mapsWritten());
            out.printf("  %-44s %10.1f   median of %d after %d untimed; p95 %.1f ms; max %.1f ms (target < 50 ms)%n", "apply a one-route change",
                    median(one), one.length, warmup, percentile(one, 0.95), Arrays.stream(one).max().orElse(0));
            out.printf("  %-44s %10.1f   median of %d%n", "apply the same config again (nothing to do)", median(none), none.length);
            out.printf("  kernel holds %,d Galactic routes (protocol %d) after the run%n", installed, LinuxDriver.PROTO);
    }

    /** An edge config: one tenant, one local site, a remote /24 per variant, whose segment list the variant picks. */
    static NodeConfig config(int[] variants) {
        List<NodeConfig.Route> rs = new ArrayList<>(variants.length);
        for (int i = 0; i < variants.length; i++) {
            rs.add(new NodeConfig.Route(prefix(i), List.of(segs(i, variants[i]).split(",")), List.of(), "remote", List.of()));
        }
        NodeConfig.ClassRoutes cls = new NodeConfig.ClassRoutes("vpc", "lowest-latency", 0, true, rs);
        NodeConfig.TenantConfig t = new NodeConfig.TenantConfig("bench", 1, List.of(new NodeConfig.Site("site", "vpc", List.of("10.255.0.0/24"))),
                List.of(cls), List.of());
        return new NodeConfig("edge-bench", NodeRole.EDGE, "fc00:a::/48", "fc00:a::1", "fc00::/16",
                List.of(new NodeConfig.LocalSid("fc00:a:0:1000::", SidFunction.END, null, null), new NodeConfig.LocalSid("fc00:a:0:3001::", SidFunction.END_DT4, "bench", "vpc")),
                List.of(), List.of(t));
    }

    private static String prefix(int i) {
        return "10." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".0/24";
    }

    private static String segs(int i, int variant) {
        return "fc00:" + (1 + i % 4) + ":0:" + Integer.toHexString(0x1000 + variant) + "::,fc00:b:0:3001::";
    }

    private static int countRoutes(String ns) throws Shell.Failed {
        return (int) Shell.run(List.of("ip", "-n", ns, "-4", "route", "show", "table", "all", "proto", Integer.toString(LinuxDriver.PROTO)), null).lines().count();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double median(double[] v) {
        return percentile(v, 0.5);
    }

    private static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p * s.length) - 1)];
    }

    private static void sh(String... cmd) throws Shell.Failed {
        Shell.run(List.of(cmd), null);
    }
}

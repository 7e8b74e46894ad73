package dev.galactic.bench;

import dev.galactic.core.pce.Freshness;
import dev.galactic.core.pce.LinkReading;
import dev.galactic.core.pce.Network;
import dev.galactic.core.pce.PathResult;
import dev.galactic.core.pce.Pce;
import dev.galactic.core.pce.TenantIntent;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The PCE at scale: full compute, re-convergence after one core link degrades, heap, and the
 * same demands through a straightforward JGraphT implementation in the same run.
 * {@code galactic bench pce} calls {@link #run}.
 */
public final class PceBench {

    private PceBench() {}

    public static void main(String[] args) {
        run(args.length > 0 ? args[0] : "S", System.out);
    }

    /** Prints the figures of scenario S, M or L. Wall-clock figures depend on the machine. */
    public static void run(String scenario, PrintStream out) {
        long t0 = System.nanoTime();
        BenchNetwork b = BenchNetwork.generate(scenario, 42);
        BenchNetwork.Size z = BenchNetwork.size(scenario);
        long generated = System.nanoTime();
        Network g = Network.build(b.nodes(), b.links(), b.states(), Freshness.IGNORE);
        long built = System.nanoTime();
        long demands = 0;
        for (TenantIntent t : b.intents()) demands += (long) t.classes().size() * t.attachments().size() * (t.attachments().size() - 1);
        out.printf(Locale.ROOT, "scenario %s: %d cores (full mesh), %d edges x %d uplinks, %d tenants x %d sites x %d classes"
                        + " = %d demands; %d directed links; %d cpus, java %s%n",
                scenario, z.cores(), z.edges(), z.uplinks(), z.tenants(), z.sitesPerTenant(), z.classesPerTenant(), demands,
                g.linkCount(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        // the heap settings move every figure below: name them (see the galactic launcher)
        List<String> heap = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xm") || a.startsWith("-XX:+AlwaysPreTouch") || a.startsWith("-XX:+Use")).toList();
        out.printf(Locale.ROOT, "  heap: %s, max %d MB%n", heap.isEmpty() ? "the JVM's defaults" : String.join(" ", heap),
                Runtime.getRuntime().maxMemory() >> 20);
        row(out, "generate scenario", ms(generated - t0), "");
        row(out, "build network arrays", ms(built - generated), "");

        // The HotSpot extension also counts the bytes a thread allocates: a figure the machine's
        // load cannot move, unlike wall or even CPU time.
        com.sun.management.ThreadMXBean cpu = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long heapBefore = usedHeap();
        long c0 = System.nanoTime(), p0 = processCpu();
        Pce pce = Pce.compute(g, b.intents());
        long c1 = System.nanoTime(), p1 = processCpu();
        long heapAfter = usedHeap();
        row(out, "full compute (first, cold JIT, parallel)", ms(c1 - c0),
                String.format(Locale.ROOT, "ms  (process cpu %.0f ms, JIT included)", ms(p1 - p0)));
        // Parallel (what the controller runs) for wall clock; sequential for the engine's own CPU
        // time, which the computing thread's clock then measures whole.
        double[] warm = new double[3], warmCpu = new double[3], seq = new double[3], seqCpu = new double[3], seqProcess = new double[3],
                seqAllocated = new double[3];
        for (int i = 0; i < warm.length; i++) {
            long s = System.nanoTime(), pc = processCpu();
            Pce again = Pce.compute(g, b.intents());
            warm[i] = ms(System.nanoTime() - s);
            warmCpu[i] = ms(processCpu() - pc);
            if (!again.results().equals(pce.results())) throw new IllegalStateException("non-deterministic results");
            s = System.nanoTime();
            pc = processCpu();
            long u = cpu.getCurrentThreadCpuTime(), a = cpu.getCurrentThreadAllocatedBytes();
            Pce sequential = Pce.compute(g, b.intents(), false);
            seq[i] = ms(System.nanoTime() - s);
            seqCpu[i] = ms(cpu.getCurrentThreadCpuTime() - u);
            seqAllocated[i] = (cpu.getCurrentThreadAllocatedBytes() - a) / 1e6;
            seqProcess[i] = ms(processCpu() - pc);
            if (!sequential.results().equals(pce.results())) throw new IllegalStateException("parallel and sequential results differ");
        }
        row(out, "full compute (warm, parallel, median of 3)", median(warm),
                String.format(Locale.ROOT, "ms  (process cpu %.0f ms, all threads and GC; wall includes other processes)", median(warmCpu)));
        row(out, "full compute (warm, one thread, median of 3)", median(seq),
                String.format(Locale.ROOT, "ms  (thread cpu %.0f ms; process cpu %.0f ms)", median(seqCpu), median(seqProcess)));
        row(out, "allocated by the one-thread full compute (median of 3)", median(seqAllocated), "MB");
        out.println("  engine work: " + pce.counters());
        List<PathResult> results = pce.results();
        long ok = results.stream().filter(r -> r.status() == PathResult.Status.OK).count();
        long fb = results.stream().filter(r -> r.status() == PathResult.Status.FALLBACK).count();
        long bad = results.stream().filter(r -> r.status() == PathResult.Status.VIOLATION).count();
        long backups = results.stream().filter(r -> r.backup() != null).count();
        out.printf(Locale.ROOT, "  results: %d ok, %d fallback, %d violation, %d with backup%n", ok, fb, bad, backups);
        row(out, "heap retained by engine + results", (heapAfter - heapBefore) / 1e6, "MB");

        // Re-convergence: a core link on some primary path gets 3x slower in both directions.
        Random rnd = new Random(7);
        List<Integer> used = usedCoreLinks(g, results);
        int trials = 15;
        double[] times = new double[trials], cpuTimes = new double[trials], restore, restoreCpu;
        long[] changed = new long[trials], recomputed = new long[trials];
        List<Integer> degradedLinks = new ArrayList<>();
        // Each trial degrades another core link (they accumulate: 15 of the core's links end 3x slower).
        for (int i = 0; i < trials; i++) {
            int l = used.get(rnd.nextInt(used.size()));
            int r = g.reverse(l);
            Network now = pce.network();
            long before = pce.counters().get(Pce.Counter.DEMANDS_RECOMPUTED);
            long s = System.nanoTime(), u = cpu.getCurrentThreadCpuTime();
            int n = pce.update(degraded(now, l, 3), Freshness.IGNORE).size();
            n += pce.update(degraded(now, r, 3), Freshness.IGNORE).size();
            times[i] = ms(System.nanoTime() - s);
            cpuTimes[i] = ms(cpu.getCurrentThreadCpuTime() - u);
            changed[i] = n;
            recomputed[i] = pce.counters().get(Pce.Counter.DEMANDS_RECOMPUTED) - before;
            degradedLinks.add(l);
        }
        // Improvements cost more (demands that needed an exact search are redone), so only a few.
        int restores = Math.min(3, trials);
        restore = new double[restores];
        restoreCpu = new double[restores];
        for (int i = 0; i < restores; i++) {
            int l = degradedLinks.get(i), r = g.reverse(l);
            Network now = pce.network();
            long s = System.nanoTime(), u = cpu.getCurrentThreadCpuTime();
            pce.update(degraded(now, l, 1.0 / 3), Freshness.IGNORE);
            pce.update(degraded(now, r, 1.0 / 3), Freshness.IGNORE);
            restore[i] = ms(System.nanoTime() - s);
            restoreCpu[i] = ms(cpu.getCurrentThreadCpuTime() - u);
        }
        out.println("  engine work after trials: " + pce.counters());
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        row(out, "re-converge, one core link degrades 3x (median of " + trials + ")", median(times),
                String.format(Locale.ROOT, "ms  (thread cpu %.2f ms; min %.2f, max %.2f; median %d demands recomputed, %d results changed)",
                        median(cpuTimes), sorted[0], sorted[trials - 1],
                        (long) median(Arrays.stream(recomputed).asDoubleStream().toArray()),
                        (long) median(Arrays.stream(changed).asDoubleStream().toArray())));
        row(out, "re-converge, a degraded link restored (median of " + restore.length + ")", median(restore),
                String.format(Locale.ROOT, "ms  (thread cpu %.0f ms; an improvement: demands that needed an exact search are redone too)",
                        median(restoreCpu)));
        Pce check = Pce.compute(pce.network(), b.intents());
        if (!check.results().equals(pce.results())) throw new IllegalStateException("incremental result differs from full recompute");
        out.println("  incremental result after all trials equals a full recompute: yes");

        // Baseline: the same demands (primaries only) through JGraphT, on a sample of tenants.
        int sample = Math.min(z.tenants(), scenario.equalsIgnoreCase("L") ? 40 : scenario.equalsIgnoreCase("M") ? 80 : z.tenants());
        List<TenantIntent> some = b.intents().subList(0, sample);
        JGraphTBaseline base = new JGraphTBaseline(g);
        base.run(some.subList(0, Math.min(5, sample))); // warm-up
        base = new JGraphTBaseline(g);
        long j0 = System.nanoTime();
        long found = base.run(some);
        double baseMs = ms(System.nanoTime() - j0);
        double perTenant = baseMs / sample;
        double extrapolated = perTenant * z.tenants();
        row(out, "JGraphT baseline, " + sample + " tenants (primaries only)", baseMs, "ms  (" + found + " paths)");
        row(out, "JGraphT baseline, extrapolated to all tenants", extrapolated, "");
        out.printf(Locale.ROOT, "  JGraphT baseline time / engine warm time = %.1fx parallel, %.1fx on one thread"
                        + " (the baseline runs on one thread; the engine also does budgets, backups, explanations)%n",
                extrapolated / median(warm), extrapolated / median(seq));
    }

    private static LinkReading degraded(Network g, int l, double factor) {
        return BenchNetwork.reading(g, l, g.latencyMs(l) * factor, g.jitterMs(l), g.lossFraction(l) * 100, g.bandwidthMbps(l), g.isUp(l));
    }

    private static List<Integer> usedCoreLinks(Network g, List<PathResult> results) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (PathResult r : results) if (r.primary() != null) names.addAll(r.primary().links());
        List<Integer> out = new ArrayList<>();
        for (int l = 0; l < g.linkCount(); l++) {
            if (g.isCore(g.src(l)) && g.isCore(g.dst(l)) && names.contains(g.linkName(l)) && g.src(l) < g.dst(l)) out.add(l);
        }
        return out;
    }

    /** CPU time of the whole process (every thread, GC and JIT included), in nanoseconds. */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double ms(long nanos) { return nanos / 1e6; }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void row(PrintStream out, String what, double value, String unit) {
        out.printf(Locale.ROOT, "  %-58s %10.2f %s%n", what, value, unit.isEmpty() ? "ms" : unit);
    }
}

package dev.galactic.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scripted degrade-and-restore sequence on lab/topologies/closed-loop.yaml, shared by
 * `galactic lab demo` (once, narrated) and `galactic bench reroute` (many times, summarised):
 * each step waits until its tenant is on its home path (the north way, edge-a core1 core3 edge-b),
 * impairs a link under a running stream, reports when the stream reached the new path and what it lost, restores the
 * link and waits until the tenant is back.
 */
public final class ClosedLoopScript {

    /** One step: which tenant is watched while which link is impaired how. */
    public record Step(Reroute.Kind kind, String tenant, String link, String story) {
    }

    public static final List<Step> STEPS = List.of(
            new Step(Reroute.Kind.LOSS, "safe", "core1-core3", "10% loss on core1-core3 under zero-loss tenant safe"),
            new Step(Reroute.Kind.DELAY, "fast", "core1-core3", "30 ms more delay on core1-core3 under lowest-latency tenant fast"),
            new Step(Reroute.Kind.CUT, "fast", "edge-a-core1", "uplink edge-a-core1 cut under tenant fast (edge-a's local backup)"));

    /** The controller options the script is meant for: a short hold-down and window so a step settles quickly. */
    public static List<String> controllerArgs(Duration holdDown, Duration linkWindow) {
        return List.of("--hold-down", Long.toString(holdDown.toSeconds()), "--link-window", Long.toString(linkWindow.toSeconds()));
    }

    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration BACK_TIMEOUT = Duration.ofSeconds(90);

    private final Reroute reroute;
    private final PrintStream out;
    private final Duration holdDown;
    /**
     * Where every tenant's traffic runs in the quiet lab, and where each step starts from: the
     * shortest and cheapest way, which every class picks when no link loses or delays packets.
     * (Not the path seen at the first step: a probe lost while the lab started can leave a
     * zero-loss tenant on a detour for a link window.)
     */
    static final List<String> HOME = List.of("edge-a", "core1", "core3", "edge-b");

    /** @param holdDown the controller's: a step starts once its tenant's last move is that old */
    public ClosedLoopScript(Reroute reroute, PrintStream out, Duration holdDown) {
        this.reroute = reroute;
        this.out = out;
        this.holdDown = holdDown;
    }

    static boolean north(List<String> path) {
        return Reroute.crosses(path, "core1", "core3");
    }

    /** Runs one step; {@code narrate} prints every stage, otherwise one line. */
    public Reroute.Trial run(Step step, boolean narrate) throws IOException, InterruptedException {
        String a = step.tenant() + "-a", b = step.tenant() + "-b";
        // a step starts from the tenant's path in the quiet lab, not from a detour it is still
        // leaving (an uplink of the step before may still show loss in its window for seconds)
        if (!reroute.awaitPrimary(step.tenant(), a, b, HOME::equals, BACK_TIMEOUT)) {
            throw new IllegalStateException(step.tenant() + " is not on its home path " + HOME + " within " + BACK_TIMEOUT.toSeconds()
                    + " s: it is on " + reroute.primary(step.tenant(), a, b) + "; is this the closed-loop lab (lab/topologies/closed-loop.yaml)?");
        }
        // a tenant that moved less than a hold-down ago would wait out the rest of it before a merely
        // better path may take it (anti-flap, as designed): each step times the loop, not that wait
        Thread.sleep(reroute.sinceLastMove(step.tenant(), a, b).map(since -> Math.max(0, holdDown.minus(since).toMillis())).orElse(0L));
        if (narrate) {
            out.println("▶ " + step.story());
            out.println("  " + step.tenant() + " " + a + " → " + b + " on " + String.join(" → ", reroute.primary(step.tenant(), a, b))
                    + ", " + Reroute.STREAM_RATE + " packets/s flowing");
        }
        Reroute.Trial t;
        try {
            t = reroute.trial(step.kind(), step.tenant(), a, b, step.link(), MOVE_TIMEOUT);
        } finally {
            reroute.restore(step.link());
        }
        long restored = System.nanoTime();
        if (narrate) {
            out.println(t.moved()
                    ? String.format(Locale.ROOT, "  traffic on the new path %d ms after the impairment: %s; %d of %d packets lost",
                    Math.round(t.seconds() * 1000), String.join(" → ", t.after()), t.lost(), t.sent())
                    : "  traffic did NOT move within " + MOVE_TIMEOUT.toSeconds() + " s; " + t.lost() + " of " + t.sent() + " packets lost");
            out.println("  " + step.link() + " restored; waiting for " + step.tenant() + " to come back (after the hold-down, once)...");
        }
        boolean back = reroute.awaitPrimary(step.tenant(), a, b, ClosedLoopScript::north, BACK_TIMEOUT);
        double backSeconds = (System.nanoTime() - restored) / 1e9;
        if (narrate) {
            out.println(back ? String.format(Locale.ROOT, "  back on %s %.1f s after the restore", String.join(" → ", reroute.primary(step.tenant(), a, b)), backSeconds)
                    : "  not back within " + BACK_TIMEOUT.toSeconds() + " s");
            out.println();
        }
        return t;
    }

    /** Prints the summary table of many trials: per kind, median and p95 time to the new path and packets lost. */
    public static void summarise(PrintStream out, List<Reroute.Trial> trials) {
        out.printf(Locale.ROOT, "%-6s %6s %6s %10s %10s %14s %12s%n", "KIND", "TRIALS", "MOVED", "MEDIAN ms", "P95 ms", "LOST/TRIAL med", "LOST max");
        for (Reroute.Kind k : Reroute.Kind.values()) {
            List<Reroute.Trial> of = trials.stream().filter(t -> t.kind() == k).toList();
            if (of.isEmpty()) continue;
            List<Double> secs = new ArrayList<>();
            of.stream().filter(Reroute.Trial::moved).forEach(t -> secs.add(t.seconds()));
            double[] mp = Reroute.medianAndP95(secs);
            double[] lost = Reroute.medianAndP95(of.stream().map(t -> (double) t.lost()).toList());
            long maxLost = of.stream().mapToLong(Reroute.Trial::lost).max().orElse(0);
            out.printf(Locale.ROOT, "%-6s %6d %6d %10.0f %10.0f %14.0f %12d%n", k.name().toLowerCase(Locale.ROOT), of.size(), secs.size(),
                    mp[0] * 1000, mp[1] * 1000, lost[0], maxLost);
        }
    }
}

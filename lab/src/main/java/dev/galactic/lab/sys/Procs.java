package dev.galactic.lab.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Stopping daemons by PID, the way a lab teardown needs it. */
public final class Procs {

    private Procs() {
    }

    /** A process as recorded in lab state: its PID plus its start time, so a reused PID is never killed. */
    public record Recorded(long pid, Instant started) {
        public static Recorded of(ProcessHandle h) {
            return new Recorded(h.pid(), h.info().startInstant().orElse(null));
        }

        /** True when the PID still names the very process that was recorded. */
        public boolean aliveAsRecorded() {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !h.get().isAlive() || isZombie(pid)) return false;
            return started == null || started.equals(h.get().info().startInstant().orElse(null));
        }
    }

    /** Stops a recorded process if it is still the same process; returns whether it had to. */
    public static boolean terminate(Recorded p, Duration timeout) {
        if (!p.aliveAsRecorded()) return false;
        terminate(p.pid(), timeout);
        return true;
    }

    /**
     * Stops many recorded processes at once: SIGTERM to all, then one shared wait, then SIGKILL
     * to whatever is left. Returns how many were still running as recorded.
     */
    public static int terminateAll(List<Recorded> processes, Duration timeout) {
        List<ProcessHandle> live = new ArrayList<>();
        for (Recorded r : processes) {
            if (!r.aliveAsRecorded()) continue;
            ProcessHandle.of(r.pid()).ifPresent(h -> {
                h.destroy();
                live.add(h);
            });
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle h : live) {
            if (!waitGone(h.pid(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                h.destroyForcibly();
                waitGone(h.pid(), Duration.ofSeconds(5));
            }
        }
        return live.size();
    }

    /**
     * SIGTERM, wait until gone or a zombie (the parent may be slow to reap; a zombie holds no
     * devices or namespaces), SIGKILL after {@code timeout}.
     */
    public static void terminate(long pid, Duration timeout) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) return;
        h.get().destroy();
        if (waitGone(pid, timeout)) return;
        h.get().destroyForcibly();
        waitGone(pid, Duration.ofSeconds(5));
    }

    private static boolean waitGone(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (ProcessHandle.of(pid).isEmpty() || isZombie(pid)) return true;
            if (System.nanoTime() - deadline > 0) return false;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    static boolean isZombie(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("State:")) return line.contains("Z");
            }
            return false;
        } catch (IOException e) {
            return true; // gone between the checks
        }
    }
}

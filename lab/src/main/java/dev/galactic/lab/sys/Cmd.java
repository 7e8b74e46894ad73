package dev.galactic.lab.sys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived system command (ip, nft, wg, ...) with a hard time limit. Output is read on
 * helper threads so a chatty command can never block on a full pipe.
 */
public final class Cmd {

    /** Long enough for an ip -batch of a few hundred lines on a loaded 2-core machine. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Cmd() {
    }

    /** What a finished command left behind. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() { return exitCode == 0; }

        /** Returns this result, or throws with the command and its stderr when it failed. */
        public Result orThrow() {
            if (!ok()) throw new CmdException(this);
            return this;
        }
    }

    /** A command that failed or timed out; the message names the command and its stderr. */
    public static final class CmdException extends RuntimeException {
        private final transient Result result;

        public CmdException(Result r) {
            super("command failed (exit " + r.exitCode() + "): " + String.join(" ", r.command())
                    + (r.stderr().isBlank() ? "" : "\n" + r.stderr().strip()));
            this.result = r;
        }

        public Result result() { return result; }
    }

    public static Result run(String... command) {
        return run(List.of(command), null, DEFAULT_TIMEOUT);
    }

    /** Runs and throws {@link CmdException} unless the command exits 0. */
    public static Result check(String... command) {
        return run(command).orThrow();
    }

    /**
     * @param stdin text fed to the command's standard input (e.g. an ip -batch script), or null
     * @param timeout after which the command is killed; the result then has exit code 124
     */
    public static Result run(List<String> command, String stdin, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(List.copyOf(command), 127, "", "cannot start: " + e.getMessage());
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (stdin != null) {
                try (var in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the command exited early; its exit code and stderr tell why
                }
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Result(List.copyOf(command), 124, out.getNow(""), "timed out after " + timeout);
            }
            return new Result(List.copyOf(command), p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(List.copyOf(command), 130, "", "interrupted");
        }
    }

    /** Runs {@code command} inside network namespace {@code ns} (ip netns exec execs, no extra fork). */
    public static List<String> inNs(String ns, String... command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(command));
        return c;
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }
}

package dev.galactic.agent.driver.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2 and nftables, in a network namespace when one is given (ip -n, ip netns exec),
 * with a time limit, and turns a non-zero exit into an exception that quotes the tool.
 */
public final class Shell {

    /** A command that failed, with what it said. */
    public static final class Failed extends Exception {
        public Failed(String message) {
            super(message);
        }
    }

    private final String netns;

    public Shell(String netns) {
        this.netns = netns;
    }

    String netns() { return netns; }

    public String ip(List<String> args, String stdin) throws Failed {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        if (netns != null) cmd.addAll(List.of("-n", netns));
        cmd.addAll(args);
        return run(cmd, stdin);
    }

    /** Lines per {@code ip -batch} run: small enough that a retry repeats little. */
    static final int BATCH_CHUNK = 1000;

    /**
     * Runs iproute2 commands as batches ({@code family} 4 or 6 adds -4/-6; 0 adds nothing). The
     * kernel allocates per-CPU memory for each seg6 route from an atomic pool that a worker
     * refills in the background; on a busy machine a large batch can drain it ("Cannot allocate
     * memory"), so batches go in chunks and a chunk that hits ENOMEM is retried after a pause.
     * Only idempotent commands (replace, add of what is absent) may be batched here.
     */
    public void ipBatch(int family, List<String> lines) throws Failed {
        for (int from = 0; from < lines.size(); from += BATCH_CHUNK) {
            String chunk = String.join("\n", lines.subList(from, Math.min(lines.size(), from + BATCH_CHUNK))) + "\n";
            List<String> args = family == 0 ? List.of("-batch", "-") : List.of("-" + family, "-batch", "-");
            for (int attempt = 1; ; attempt++) {
                try {
                    ip(args, chunk);
                    break;
                } catch (Failed e) {
                    if (attempt >= 8 || !e.getMessage().contains("Cannot allocate memory")) throw e;
                    pause(25L * attempt);
                }
            }
        }
    }

    private static void pause(long ms) throws Failed {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
    }

    String wg(List<String> args) throws Failed {
        List<String> cmd = new ArrayList<>();
        if (netns != null) cmd.addAll(List.of("ip", "netns", "exec", netns));
        cmd.add("wg");
        cmd.addAll(args);
        return run(cmd, null);
    }

    String nft(String script) throws Failed {
        List<String> cmd = new ArrayList<>();
        if (netns != null) cmd.addAll(List.of("ip", "netns", "exec", netns));
        cmd.addAll(List.of("nft", "-f", "-"));
        return run(cmd, script);
    }

    String nftList() throws Failed {
        List<String> cmd = new ArrayList<>();
        if (netns != null) cmd.addAll(List.of("ip", "netns", "exec", netns));
        cmd.addAll(List.of("nft", "list", "table", "inet", LinuxDriver.NFT_TABLE));
        try {
            return run(cmd, null);
        } catch (Failed e) {
            return "";
        }
    }

    String sysctl(String key, String value) throws Failed {
        List<String> cmd = new ArrayList<>();
        if (netns != null) cmd.addAll(List.of("ip", "netns", "exec", netns));
        cmd.addAll(List.of("sysctl", "-q", "-w", key + "=" + value));
        return run(cmd, null);
    }

    /** Runs any command (argv), feeding {@code stdin} if not null; returns its output. */
    public static String run(List<String> cmd, String stdin) throws Failed {
        return run(cmd, stdin, true);
    }

    /** Like {@link #run(List, String)}, but returns standard output alone (JSON a tool's warnings must not spoil). */
    public static String stdout(List<String> cmd, String stdin) throws Failed {
        return run(cmd, stdin, false);
    }

    /** Runs {@code cmd} in this shell's namespace ({@code ip netns exec}), standard output alone. */
    String inNetns(List<String> cmd, String stdin) throws Failed {
        List<String> full = new ArrayList<>();
        if (netns != null) full.addAll(List.of("ip", "netns", "exec", netns));
        full.addAll(cmd);
        return run(full, stdin, false);
    }

    private static String run(List<String> cmd, String stdin, boolean mergeErrors) throws Failed {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(mergeErrors);
            java.io.File errors = null;
            if (!mergeErrors) {
                errors = java.io.File.createTempFile("galactic-cmd", ".err");
                errors.deleteOnExit();
                pb.redirectError(errors);
            }
            Process p = pb.start();
            // a big batch is written while the output is read: ip may stop reading at its first
            // error (a broken pipe here) or fill its output pipe, and either must not hang us
            Thread writer = Thread.ofVirtual().start(() -> {
                try (var in = p.getOutputStream()) {
                    if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process stopped reading; its exit code and output say why
                }
            });
            byte[] out = p.getInputStream().readAllBytes();
            writer.join();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new Failed(String.join(" ", cmd) + " did not finish within 30 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            String said = text;
            if (errors != null) {
                said = java.nio.file.Files.readString(errors.toPath(), StandardCharsets.UTF_8) + text;
                java.nio.file.Files.deleteIfExists(errors.toPath());
            }
            if (p.exitValue() != 0) throw new Failed(String.join(" ", cmd.subList(0, Math.min(cmd.size(), 6))) + " failed: " + said.strip());
            return text;
        } catch (IOException e) {
            throw new Failed("cannot run " + cmd.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
    }
}

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
final class Shell {

    /** A command that failed, with what it said. */
    static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    private final String netns;

    Shell(String netns) {
        this.netns = netns;
    }

    String netns() { return netns; }

    String ip(List<String> args, String stdin) throws Failed {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        if (netns != null) cmd.addAll(List.of("-n", netns));
        cmd.addAll(args);
        return run(cmd, stdin);
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

    private static String run(List<String> cmd, String stdin) throws Failed {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new Failed(String.join(" ", cmd) + " did not finish within 30 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) throw new Failed(String.join(" ", cmd.subList(0, Math.min(cmd.size(), 6))) + " failed: " + text.strip());
            return text;
        } catch (IOException e) {
            throw new Failed("cannot run " + cmd.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
    }
}

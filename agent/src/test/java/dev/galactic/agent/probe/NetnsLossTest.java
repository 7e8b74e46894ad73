package dev.galactic.agent.probe;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Real packets between two network namespaces joined by a veth pair, with 10% of the
 * reflector side's incoming packets dropped by nftables (lab-notes section 4). The reflector and
 * the prober run as {@link ProbeTool} JVMs inside the namespaces. Needs root, iproute2 and nft;
 * everything it creates is named {@code gtel-*} / {@code gt[ab]*} and removed in finally.
 */
@Timeout(120)
class NetnsLossTest {

    static final int PROBES = 1_000;

    @Test
    void tenPercentNftDropIsMeasuredAsAboutTenPercentLoss() throws Exception {
        requireLab();
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
        String nsA = "gtel-" + id + "a", nsB = "gtel-" + id + "b", vA = "gta" + id, vB = "gtb" + id;
        List<Process> processes = new ArrayList<>();
        try {
            sh("ip", "netns", "add", nsA);
            sh("ip", "netns", "add", nsB);
            sh("ip", "link", "add", vA, "netns", nsA, "type", "veth", "peer", "name", vB, "netns", nsB);
            sh("ip", "-n", nsA, "addr", "add", "192.0.2.1/24", "dev", vA);
            sh("ip", "-n", nsB, "addr", "add", "192.0.2.2/24", "dev", vB);
            for (String[] nd : new String[][]{{nsA, vA}, {nsB, vB}}) {
                sh("ip", "-n", nd[0], "link", "set", "lo", "up");
                sh("ip", "-n", nd[0], "link", "set", nd[1], "up");
            }
            shStdin("table netdev gtel_loss {\n chain in {\n  type filter hook ingress device \"" + vB
                    + "\" priority 0; policy accept;\n  meta protocol arp accept\n  udp dport 7700 numgen random mod 100 < 10 counter drop\n }\n}\n",
                    "ip", "netns", "exec", nsB, "nft", "-f", "-");

            Process reflector = java(nsB, "reflect", "192.0.2.2", "7700");
            processes.add(reflector);
            BufferedReader reflectorOut = new BufferedReader(new InputStreamReader(reflector.getInputStream(), StandardCharsets.UTF_8));
            String ready = reflectorOut.readLine();
            assertThat(ready).as("reflector start-up").isEqualTo("ready 7700");

            Process prober = java(nsA, "udp", "192.0.2.2", "7700", Integer.toString(PROBES), "5", "300");
            processes.add(prober);
            assertThat(prober.waitFor(60, TimeUnit.SECONDS)).as("prober finished").isTrue();
            String out = new String(prober.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("sent=(\\d+) answered=(\\d+) lost=(\\d+)").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            System.out.println("netns UDP probe: " + out.strip());
            long sent = Long.parseLong(m.group(1)), lost = Long.parseLong(m.group(3));
            assertThat(sent).isEqualTo(PROBES);
            // binomial(1000, 0.1): sd 9.5 probes; 4 sd either side
            assertThat((double) lost).as(out).isBetween(PROBES * 0.1 - 4 * Math.sqrt(PROBES * 0.09),
                    PROBES * 0.1 + 4 * Math.sqrt(PROBES * 0.09));
            String counters = run("ip", "netns", "exec", nsB, "nft", "list", "table", "netdev", "gtel_loss");
            Matcher c = Pattern.compile("counter packets (\\d+)").matcher(counters);
            assertThat(c.find()).isTrue();
            assertThat(Long.parseLong(c.group(1))).as("nft drops = measured loss").isEqualTo(lost);
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            for (String ns : List.of(nsA, nsB)) {
                for (String pid : run("ip", "netns", "pids", ns).split("\\s+")) {
                    if (!pid.isBlank()) ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
                run("ip", "netns", "del", ns);
            }
        }
    }

    private static void requireLab() {
        Optional<Path> nft = find("nft");
        Optional<Path> ip = find("ip");
        LabTools.require("ip", "iproute2", ip);
        LabTools.require("nft", "nftables", nft);
        if (!LabTools.isRoot()) {
            if (LabTools.required()) fail("network namespace tests need root and galactic.requireLabTools=true");
            Assumptions.abort("network namespace tests need root; skipped");
        }
    }

    private static Optional<Path> find(String tool) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            Path p = Path.of(dir, tool);
            if (!dir.isEmpty() && p.toFile().canExecute()) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static Process java(String ns, String... args) throws IOException {
        String javaBin = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, javaBin, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), ProbeTool.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void sh(String... cmd) throws IOException, InterruptedException {
        shStdin(null, cmd);
    }

    private static void shStdin(String stdin, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    /** Runs a command for its output; failures are returned as text (used in cleanup). */
    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(20, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }
}

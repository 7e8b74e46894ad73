package dev.galactic.lab.sys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Network namespaces through iproute2. Names are files under /var/run/netns. */
public final class Netns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Netns() {
    }

    /**
     * Creates {@code name}, brings up its loopback and sets the sysctls every lab node wants:
     * forwarding on, and no duplicate address detection (new addresses are usable at once
     * instead of staying tentative for 1-2 s).
     */
    public static void create(String name, String... extraSysctls) {
        Cmd.check("ip", "netns", "add", name);
        Cmd.check("ip", "-n", name, "link", "set", "lo", "up");
        List<String> settings = new ArrayList<>(List.of(
                "net.ipv6.conf.all.forwarding=1", "net.ipv4.ip_forward=1",
                "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
                "net.ipv6.conf.all.seg6_enabled=1", "net.ipv6.conf.default.seg6_enabled=1",
                // forwarding nodes must not take router advertisements from the lab's own links
                "net.ipv6.conf.all.accept_ra=0", "net.ipv6.conf.default.accept_ra=0"));
        settings.addAll(List.of(extraSysctls));
        sysctl(name, settings.toArray(String[]::new));
    }

    public static void sysctl(String ns, String... settings) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns, "sysctl", "-q", "-w"));
        c.addAll(List.of(settings));
        Cmd.run(c, null, Cmd.DEFAULT_TIMEOUT).orThrow();
    }

    public static boolean exists(String name) {
        return Files.exists(Path.of("/var/run/netns", name));
    }

    /** Names of all namespaces on the host (including ones this code did not create). */
    public static List<String> list() {
        Cmd.Result r = Cmd.check("ip", "-json", "netns", "list");
        List<String> names = new ArrayList<>();
        if (r.stdout().isBlank()) return names;
        try {
            for (JsonNode n : JSON.readTree(r.stdout())) names.add(n.path("name").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** PIDs of processes whose network namespace is {@code name}. */
    public static List<Long> pids(String name) {
        Cmd.Result r = Cmd.run("ip", "netns", "pids", name);
        if (!r.ok()) return List.of();
        return r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
    }

    /**
     * Kills what still runs inside {@code name}, then deletes it. A namespace held by a live
     * process would otherwise survive {@code ip netns del} with all its devices. Missing is fine.
     */
    public static void delete(String name, Duration killTimeout) {
        if (!exists(name)) return;
        for (long pid : pids(name)) Procs.terminate(pid, killTimeout);
        Cmd.Result r = Cmd.run("ip", "netns", "del", name);
        if (!r.ok() && exists(name)) r.orThrow();
    }

    /** Runs many ip commands in one namespace with one process: lines as after "ip", e.g. "link set lo up". */
    public static void batch(String ns, List<String> lines) {
        if (lines.isEmpty()) return;
        List<String> c = ns == null ? List.of("ip", "-batch", "-") : List.of("ip", "-n", ns, "-batch", "-");
        Cmd.run(c, String.join("\n", lines) + "\n", Cmd.DEFAULT_TIMEOUT).orThrow();
    }

    /** {@code ip -json} output of a command run in {@code ns}. */
    public static JsonNode json(String ns, String... args) {
        List<String> c = new ArrayList<>(List.of("ip", "-n", ns, "-json"));
        c.addAll(List.of(args));
        Cmd.Result r = Cmd.run(c, null, Cmd.DEFAULT_TIMEOUT).orThrow();
        try {
            return r.stdout().isBlank() ? JSON.createArrayNode() : JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

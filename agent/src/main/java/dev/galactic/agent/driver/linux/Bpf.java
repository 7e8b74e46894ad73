package dev.galactic.agent.driver.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The eBPF data plane's programs and maps on one node, through the kernel's own tools: the
 * object is built with clang from the source the agent carries, loaded and pinned with bpftool
 * (programs and maps outlive the agent, so a restart does not disturb forwarding), attached with
 * tc, and the maps are written with one {@code bpftool batch} per apply.
 *
 * <p>Pins live under {@code pins}: {@code maps-v<ABI>/<map>} and {@code progs-<hash>/<program>},
 * where the hash is the object's source. An agent that finds the programs of its own source
 * pinned uses them as they are; one of a newer source loads its programs beside them, reusing the
 * pinned maps, and moves the attachments over (each a {@code tc filter replace}: no packet sees
 * no program). The pin directory must be on a bpffs visible where tc runs: {@code ip netns exec}
 * remounts /sys, so /sys/fs/bpf is not one there; the default {@value #DEFAULT_ROOT} is.
 */
public final class Bpf {

    public static final String DEFAULT_ROOT = "/run/galactic/bpf";
    static final String SOURCE = "galactic_srv6.bpf.c";
    static final String ENCAP = "gal_encap", SID = "gal_sid", SID_L3 = "gal_sid_l3";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a node without the build tools is told to run. */
    public static final String INSTALL = "apt-get install --no-install-recommends clang llvm libbpf-dev bpftool";

    private final Shell shell;
    private final Path pins;
    private Path progs;
    private final Map<String, Integer> progIds = new HashMap<>();

    Bpf(Shell shell, Path pins) {
        this.shell = shell;
        this.pins = pins;
    }

    Path pins() { return pins; }

    Path maps() { return pins.resolve("maps-v" + EbpfMaps.ABI); }

    Path map(EbpfMaps.Name m) { return maps().resolve(m.pinned()); }

    Path program(String name) { return progs.resolve(name); }

    int programId(String name) { return progIds.getOrDefault(name, -1); }

    /** The program source the agent carries, as text. */
    static byte[] source() throws Shell.Failed {
        try (InputStream in = Bpf.class.getResourceAsStream("/dev/galactic/agent/driver/ebpf/" + SOURCE)) {
            if (in == null) throw new Shell.Failed("the agent's jar lacks " + SOURCE);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new Shell.Failed("cannot read " + SOURCE + ": " + e.getMessage());
        }
    }

    static String hash(byte[] source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where built objects are kept: {@code GALACTIC_BPF_CACHE}, else /var/cache/galactic/bpf (as root) or the temp dir. */
    static Path cache() {
        String env = System.getenv("GALACTIC_BPF_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        return "root".equals(System.getProperty("user.name")) ? Path.of("/var/cache/galactic/bpf")
                : Path.of(System.getProperty("java.io.tmpdir"), "galactic-bpf");
    }

    /**
     * The object built from the carried source, compiled once per source (by its hash). Needs clang
     * and libbpf's headers; says what to install when they are missing.
     */
    public static Path object() throws Shell.Failed {
        byte[] src = source();
        String h = hash(src);
        Path dir = cache();
        Path obj = dir.resolve("galactic_srv6-" + h + ".o");
        if (Files.isRegularFile(obj)) return obj;
        if (!onPath("clang")) throw new Shell.Failed("clang is not installed, so the eBPF data plane cannot be built: " + INSTALL);
        if (!Files.isRegularFile(Path.of("/usr/include/bpf/bpf_helpers.h"))) {
            throw new Shell.Failed("libbpf's headers are not installed, so the eBPF data plane cannot be built: " + INSTALL);
        }
        try {
            Files.createDirectories(dir);
            Path c = dir.resolve("galactic_srv6-" + h + ".c");
            Files.write(c, src);
            Path tmp = Files.createTempFile(dir, "build", ".o");
            String arch = switch (System.getProperty("os.arch")) {
                case "amd64", "x86_64" -> "x86_64";
                case "aarch64", "arm64" -> "aarch64";
                default -> System.getProperty("os.arch");
            };
            Shell.run(List.of("clang", "-O2", "-g", "-Wall", "-target", "bpf", "-I/usr/include/" + arch + "-linux-gnu",
                    "-c", c.toString(), "-o", tmp.toString()), null);
            Files.move(tmp, obj, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return obj;
        } catch (IOException e) {
            throw new Shell.Failed("cannot build the eBPF object in " + dir + ": " + e.getMessage());
        }
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) return true;
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    static String bpftool() {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/sbin", "/usr/local/sbin")) {
            if (Files.isExecutable(Path.of(d, "bpftool"))) return d + "/bpftool";
        }
        return "bpftool";
    }

    /**
     * Whether this kernel runs the programs: the object builds and loads (and is unloaded again).
     * Null when it does; otherwise why not, in words an operator can act on.
     */
    static String unsupported(Path root) {
        if (!onPath("bpftool")) return "bpftool is not installed: " + INSTALL;
        Path dir = null;
        try {
            Path obj = object();
            mount(root);
            dir = root.resolve("probe-" + ProcessHandle.current().pid());
            Files.createDirectories(dir);
            Shell.run(List.of(bpftool(), "prog", "loadall", obj.toString(), dir.resolve("p").toString(), "pinmaps", dir.resolve("m").toString()), null);
            return null;
        } catch (Shell.Failed | IOException e) {
            return e.getMessage();
        } finally {
            if (dir != null) unpin(dir); // never the mount: other agents may be loading onto it right now
        }
    }

    /** Mounts a bpffs at {@code root} unless one is there. */
    static void mount(Path root) throws Shell.Failed {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new Shell.Failed("cannot create " + root + ": " + e.getMessage());
        }
        String type = Shell.run(List.of("stat", "-f", "-c", "%T", root.toString()), null).strip();
        if (!type.equals("bpf_fs")) Shell.run(List.of("mount", "-t", "bpf", "bpf", root.toString()), null);
    }

    /**
     * Unpins a node's directory of pins (programs stay while attached, maps while a program uses
     * them), and the bpffs it lives on once no node's pins are left.
     */
    public static void remove(Path dir) {
        unpin(dir);
        unmountIfUnused(dir.getParent());
    }

    /** Unpins a directory of pins, leaving the mount alone. */
    private static void unpin(Path dir) {
        try {
            Shell.run(List.of("rm", "-rf", dir.toString()), null);
        } catch (Shell.Failed ignored) {
            // nothing to remove
        }
    }

    /** Unmounts the bpffs at {@code root} (and removes the directory) once no node's pins are left on it. */
    public static void unmountIfUnused(Path root) {
        if (root == null) return;
        try (var entries = Files.list(root)) {
            // the kernel's preloaded iterators (maps.debug, progs.debug) are not anybody's pins
            if (entries.anyMatch(p -> !p.getFileName().toString().endsWith(".debug"))) return;
            if (!Shell.run(List.of("stat", "-f", "-c", "%T", root.toString()), null).strip().equals("bpf_fs")) return;
            // lazily: a process that attached programs may still hold the mount for a moment, and
            // with no pins left nothing on it is anyone's any more
            Shell.run(List.of("umount", "-l", root.toString()), null);
            Files.deleteIfExists(root);
            if (root.getParent() != null) Files.deleteIfExists(root.getParent());
        } catch (IOException | Shell.Failed ignored) {
            // still in use, or not ours to remove
        }
    }

    /** Loads the programs unless the ones of this source are pinned already; reuses pinned maps. */
    void load() throws Shell.Failed {
        Path obj = object();
        String h = hash(source());
        Path root = pins.getParent() == null ? pins : pins.getParent();
        mount(root);
        Path wanted = pins.resolve("progs-" + h);
        if (!Files.exists(wanted.resolve(ENCAP))) {
            try {
                Files.createDirectories(pins);
            } catch (IOException e) {
                throw new Shell.Failed("cannot create " + pins + ": " + e.getMessage());
            }
            unpin(wanted);
            List<String> cmd = new ArrayList<>(List.of(bpftool(), "prog", "loadall", obj.toString(), wanted.toString()));
            boolean reuse = true;
            for (EbpfMaps.Name m : EbpfMaps.Name.values()) reuse &= Files.exists(map(m));
            if (reuse) {
                for (EbpfMaps.Name m : EbpfMaps.Name.values()) cmd.addAll(List.of("map", "name", m.pinned(), "pinned", map(m).toString()));
            } else {
                unpin(maps());
                cmd.addAll(List.of("pinmaps", maps().toString()));
            }
            Shell.run(cmd, null);
        }
        progs = wanted;
        progIds.clear();
        for (String p : List.of(ENCAP, SID, SID_L3)) {
            JsonNode info = json(Shell.stdout(List.of(bpftool(), "-j", "prog", "show", "pinned", program(p).toString()), null));
            progIds.put(p, info.path("id").asInt(-1));
        }
    }

    /** Unpins programs of other sources, once nothing is attached to them through this agent any more. */
    void forgetOldPrograms() {
        try (var dirs = Files.list(pins)) {
            for (Path d : dirs.toList()) {
                String n = d.getFileName().toString();
                if (n.startsWith("progs-") && !d.equals(progs)) unpin(d);
            }
        } catch (IOException ignored) {
            // nothing pinned yet
        }
    }

    /** The program id attached with our handle per device and direction ("dev ingress"), read with tc. */
    Map<String, Integer> attached(Iterable<String> devices) throws Shell.Failed {
        Map<String, Integer> out = new HashMap<>();
        for (String dev : devices) {
            for (String dir : List.of("ingress", "egress")) {
                String text;
                try {
                    text = shell.inNetns(List.of("tc", "-j", "filter", "show", "dev", dev, dir), null);
                } catch (Shell.Failed noQdisc) {
                    continue;
                }
                for (JsonNode f : json(text)) {
                    JsonNode o = f.path("options");
                    if (f.path("pref").asInt() == PREF && "0x1".equals(o.path("handle").asText())) out.put(dev + " " + dir, o.path("prog").path("id").asInt());
                }
            }
        }
        return out;
    }

    static final int PREF = 10;

    /** Attaches {@code program} to {@code dev}'s {@code direction} hook (clsact made if missing), replacing ours. */
    void attach(String dev, String direction, String program) throws Shell.Failed {
        try {
            shell.inNetns(List.of("tc", "qdisc", "add", "dev", dev, "clsact"), null);
        } catch (Shell.Failed exists) {
            // the qdisc is there (or the device is not: the filter below says so)
        }
        shell.inNetns(List.of("tc", "filter", "replace", "dev", dev, direction, "pref", Integer.toString(PREF), "handle", "1",
                "bpf", "direct-action", "pinned", program(program).toString()), null);
    }

    void detach(String dev, String direction) throws Shell.Failed {
        shell.inNetns(List.of("tc", "filter", "del", "dev", dev, direction, "pref", Integer.toString(PREF), "handle", "1", "bpf"), null);
    }

    /** A map's entries as hex key -> hex value (per-CPU maps: the first CPU's value). */
    Map<String, String> dump(EbpfMaps.Name m) throws Shell.Failed {
        Map<String, String> out = new HashMap<>();
        for (JsonNode e : json(Shell.stdout(List.of(bpftool(), "-j", "map", "dump", "pinned", map(m).toString()), null))) {
            JsonNode v = e.has("values") ? e.path("values").path(0).path("value") : e.path("value");
            out.put(EbpfMaps.trim(hexOf(e.path("key"))), EbpfMaps.trim(hexOf(v)));
        }
        return out;
    }

    /** Per-CPU counters summed: hex key -> {packets, bytes} (or one u64 per entry for {@code drops}). */
    Map<String, long[]> sums(EbpfMaps.Name m) throws Shell.Failed {
        Map<String, long[]> out = new HashMap<>();
        for (JsonNode e : json(Shell.stdout(List.of(bpftool(), "-j", "map", "dump", "pinned", map(m).toString()), null))) {
            long[] sum = null;
            for (JsonNode cpu : e.path("values")) {
                byte[] b = bytesOf(cpu.path("value"));
                if (sum == null) sum = new long[b.length / 8];
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < sum.length; i++) sum[i] += buf.getLong(i * 8);
            }
            if (sum != null) out.put(EbpfMaps.trim(hexOf(e.path("key"))), sum);
        }
        return out;
    }

    /** Runs map updates and deletes as one bpftool process ({@code bpftool batch}); stops at the first failure. */
    void batch(List<String> commands) throws Shell.Failed {
        for (int from = 0; from < commands.size(); from += Shell.BATCH_CHUNK) {
            List<String> chunk = commands.subList(from, Math.min(commands.size(), from + Shell.BATCH_CHUNK));
            Shell.run(List.of(bpftool(), "batch", "file", "-"), String.join("\n", chunk) + "\n");
        }
    }

    String update(EbpfMaps.Name m, String key, String value) {
        return "map update pinned " + map(m) + " key hex " + m.pad(key, false) + " value hex " + m.pad(value, true);
    }

    String delete(EbpfMaps.Name m, String key) {
        return "map delete pinned " + map(m) + " key hex " + m.pad(key, false);
    }

    private static String hexOf(JsonNode bytes) {
        StringBuilder s = new StringBuilder();
        for (JsonNode b : bytes) {
            if (!s.isEmpty()) s.append(' ');
            String t = b.asText();
            s.append(t.startsWith("0x") ? t.substring(2) : t);
        }
        return s.toString();
    }

    private static byte[] bytesOf(JsonNode bytes) {
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(bytes.get(i).asText().substring(2), 16);
        return out;
    }

    private static JsonNode json(String text) throws Shell.Failed {
        if (text.isBlank()) return JSON.createArrayNode();
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new Shell.Failed("cannot read JSON from bpftool or tc: " + e.getMessage());
        }
    }
}

package dev.galactic.lab.sys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What the lab needs from the machine, and a check that says in words what is missing. */
public final class Prerequisites {

    /** One capability; {@code debianPackage} is what installs it. */
    public enum Need {
        ROOT(null, null),
        IPROUTE2("ip", "iproute2"),
        TUN(null, null),
        PING("ping", "iputils-ping"),
        TCPDUMP("tcpdump", "tcpdump"),
        IPERF3("iperf3", "iperf3"),
        WG("wg", "wireguard-tools"),
        WIREGUARD_GO("wireguard-go", "wireguard-go"),
        /** The edges' BGP speakers (run by the agents) when a site speaks BGP. */
        GOBGPD("gobgpd", "gobgpd"),
        /** The customer routers of BGP sites. */
        BIRD("bird", "bird2"),
        /** The agents build the eBPF data plane (kernels without seg6 lightweight tunnels) with clang... */
        CLANG("clang", "clang"),
        /** ...against libbpf's headers... */
        LIBBPF(null, "libbpf-dev"),
        /** ...and load it with bpftool. */
        BPFTOOL("bpftool", "bpftool");

        private final String binary;
        private final String debianPackage;

        Need(String binary, String debianPackage) {
            this.binary = binary;
            this.debianPackage = debianPackage;
        }

        public String debianPackage() { return debianPackage; }
    }

    /** Everything `lab up` uses. */
    public static final Set<Need> LAB = EnumSet.of(Need.ROOT, Need.IPROUTE2, Need.TUN, Need.WG, Need.WIREGUARD_GO,
            Need.CLANG, Need.LIBBPF, Need.BPFTOOL);

    /** What a lab with BGP sites needs beyond {@link #LAB}. */
    public static final Set<Need> BGP = EnumSet.of(Need.GOBGPD, Need.BIRD);

    private Prerequisites() {
    }

    /** Human-readable reasons, empty when everything in {@code needs} is present. */
    public static List<String> missing(Set<Need> needs) {
        List<String> out = new ArrayList<>();
        for (Need n : needs) {
            switch (n) {
                case ROOT -> {
                    if (!isRoot()) out.add("not root: the lab needs CAP_NET_ADMIN and CAP_SYS_ADMIN (run as root)");
                }
                case TUN -> {
                    if (!Files.exists(Path.of("/dev/net/tun"))) out.add("/dev/net/tun is missing (no TUN/TAP support)");
                }
                case LIBBPF -> {
                    if (!Files.isRegularFile(Path.of("/usr/include/bpf/bpf_helpers.h"))) out.add("libbpf's headers not found (Debian package libbpf-dev)");
                }
                default -> {
                    if (onPath(n.binary) == null) out.add(n.binary + " not found (Debian package " + n.debianPackage + ")");
                }
            }
        }
        return out;
    }

    /**
     * One line for a person: what is missing, and the command that installs the packages among it
     * ({@code --no-install-recommends}: wireguard-tools would otherwise pull in a kernel image).
     */
    public static String explain(Set<Need> needs) {
        List<String> missing = missing(needs);
        if (missing.isEmpty()) return null;
        List<String> packages = new ArrayList<>();
        for (Need n : needs) {
            if (n.debianPackage != null && !missing(EnumSet.of(n)).isEmpty()) packages.add(n.debianPackage);
        }
        String line = String.join("; ", missing);
        if (!packages.isEmpty()) line += ". Install with: apt-get install -y --no-install-recommends " + String.join(" ", packages);
        return line;
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0"); // effective uid
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return false;
    }

    static Path onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, binary);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}

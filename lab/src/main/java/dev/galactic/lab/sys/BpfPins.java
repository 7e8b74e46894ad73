package dev.galactic.lab.sys;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the lab's agents pin their eBPF programs and maps: one directory per node namespace
 * under {@link #ROOT}, a bpffs the lab mounts in the host's mount namespace before any agent
 * starts. The agents run under {@code ip netns exec}, which remounts /sys (so /sys/fs/bpf is
 * not a bpffs there) but keeps /run: a bpffs mounted here is seen by every agent, and the pins
 * outlive an agent's restart.
 */
public final class BpfPins {

    public static final Path ROOT = Path.of("/run/galactic/bpf");

    private BpfPins() {
    }

    /** The pin directory of the node in {@code netns}. */
    public static Path of(String netns) {
        return ROOT.resolve(netns);
    }

    /** Mounts the bpffs unless one is there. */
    public static void mount() throws IOException {
        Files.createDirectories(ROOT);
        if (Cmd.check("stat", "-f", "-c", "%T", ROOT.toString()).stdout().strip().equals("bpf_fs")) return;
        Cmd.check("mount", "-t", "bpf", "bpf", ROOT.toString());
    }

    /** Unpins every directory of the lab with this prefix (a bpffs forgets a pin when its file goes). */
    public static void removeAll(String prefix) throws IOException {
        if (!Files.isDirectory(ROOT)) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(ROOT, prefix + "*")) {
            for (Path p : ds) Cmd.check("rm", "-rf", p.toString());
        }
        // once no lab's or agent's pins are left (the kernel's *.debug iterators are no one's), the mount goes too
        try (var entries = Files.list(ROOT)) {
            if (entries.anyMatch(p -> !p.getFileName().toString().endsWith(".debug"))) return;
        }
        if (!Cmd.check("stat", "-f", "-c", "%T", ROOT.toString()).stdout().strip().equals("bpf_fs")) return;
        // lazily: an agent that attached programs may still hold the mount for a moment
        Cmd.check("umount", "-l", ROOT.toString());
        Files.deleteIfExists(ROOT);
        try {
            Files.deleteIfExists(ROOT.getParent());
        } catch (java.nio.file.DirectoryNotEmptyException others) {
            // something else of Galactic's lives there
        }
    }
}

package dev.galactic.lab;

import dev.galactic.lab.sys.Netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names of everything a lab creates on the host. All carry the lab's prefix ("g" + 4 hex
 * digits, random per lab), so concurrent labs never collide and teardown can be sure which
 * namespaces are its own. Interface names inside a namespace need only be unique there, but
 * WireGuard interfaces are host-wide (wireguard-go's UAPI socket /var/run/wireguard/IF.sock is
 * shared by every namespace) and so carry the prefix too.
 */
public record LabNames(String prefix) {

    public static final Pattern PREFIX = Pattern.compile("g[0-9a-f]{4}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public LabNames {
        if (!PREFIX.matcher(prefix).matches()) throw new IllegalArgumentException("lab prefix must match g + 4 hex digits: " + prefix);
    }

    /** Where prefixes are claimed host-wide, one directory each (creating a directory is atomic). */
    static final Path CLAIMS = Path.of("/var/run/galactic-lab");

    /**
     * A fresh prefix that no namespace uses, claimed host-wide so two labs starting at the same
     * moment cannot pick the same one. Give it back with {@link #release()} when the lab is gone.
     */
    public static LabNames fresh() {
        for (int attempt = 0; attempt < 100; attempt++) {
            byte[] b = new byte[2];
            RANDOM.nextBytes(b);
            LabNames n = new LabNames("g" + HexFormat.of().formatHex(b));
            if (Netns.list().stream().noneMatch(n::owns) && n.claim()) return n;
        }
        throw new IllegalStateException("no free lab prefix after 100 attempts");
    }

    private boolean claim() {
        try {
            Files.createDirectories(CLAIMS);
            Files.createDirectory(CLAIMS.resolve(prefix));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim lab prefix under " + CLAIMS, e);
        }
    }

    /** Gives the prefix back; call after everything named with it is gone. */
    public void release() {
        try {
            Files.deleteIfExists(CLAIMS.resolve(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The namespace of lab node (or customer host) {@code node}. */
    public String netns(String node) { return prefix + "-" + node; }

    /** True for namespaces this lab made (prefix + "-"). */
    public boolean owns(String netnsName) { return netnsName.startsWith(prefix + "-"); }

    /** Host-wide unique WireGuard interface name for tunnel number {@code tunnel}, side 'e' (edge) or 'c' (core). */
    public String wireguard(int tunnel, char side) {
        String n = prefix + "w" + tunnel + side;
        if (n.length() > 15) throw new IllegalArgumentException("too many tunnels for a 15-character name: " + n);
        return n;
    }

    /**
     * An interface name inside a node: {@code preferred} when it fits the kernel's 15 characters,
     * else {@code fallback} (which must fit).
     */
    public static String ifname(String preferred, String fallback) {
        if (preferred.length() <= 15 && preferred.matches("[A-Za-z0-9_.-]+")) return preferred;
        if (fallback.length() > 15) throw new IllegalArgumentException("interface name too long: " + fallback);
        return fallback;
    }
}

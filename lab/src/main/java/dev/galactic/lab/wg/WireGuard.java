package dev.galactic.lab.wg;

import dev.galactic.lab.sys.Cmd;
import dev.galactic.lab.sys.Netns;
import dev.galactic.lab.sys.Procs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * WireGuard with wireguard-go (this kernel has no WireGuard module), one daemon per tunnel
 * interface. Interface names must be unique host-wide: wireguard-go's control socket
 * /var/run/wireguard/IF.sock is shared by every namespace.
 */
public final class WireGuard {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private WireGuard() {
    }

    /**
     * @param endpoint "[addr]:port", or null to let the peer roam to wherever its packets come from
     * @param allowedIps what the peer may send from and what is routed to it inside the tunnel
     */
    public record Peer(String publicKey, String endpoint, List<String> allowedIps) {
        public Peer {
            allowedIps = List.copyOf(allowedIps);
        }
    }

    /**
     * Generates a key pair inside namespace {@code ns}, as the node itself would: the private
     * key goes straight from {@code wg genkey} into {@code privateKeyFile} (mode 0600) and never
     * passes through this JVM. Returns the public key.
     */
    public static String generateKey(String ns, Path privateKeyFile) throws IOException {
        Files.createDirectories(privateKeyFile.toAbsolutePath().getParent());
        String file = privateKeyFile.toAbsolutePath().toString();
        // the path is a positional parameter, never spliced into the script
        Cmd.run(Cmd.inNs(ns, "sh", "-c", "umask 077 && wg genkey > \"$1\"", "sh", file), null, Cmd.DEFAULT_TIMEOUT).orThrow();
        String pub = Cmd.run(Cmd.inNs(ns, "sh", "-c", "wg pubkey < \"$1\"", "sh", file), null, Cmd.DEFAULT_TIMEOUT)
                .orThrow().stdout().strip();
        if (!pub.matches("[A-Za-z0-9+/]{42,43}=")) throw new IOException("wg pubkey gave no key for " + file);
        return pub;
    }

    /**
     * Starts wireguard-go for interface {@code ifname} in {@code ns} and waits for the device.
     * {@code ip netns exec} execs into wireguard-go, so the returned process is the daemon itself;
     * stop it by PID ({@link Procs#terminate}). It keeps running when this JVM exits.
     */
    public static Procs.Recorded start(String ns, String ifname, Path logFile) throws IOException {
        Launched l = launch(ns, ifname, logFile);
        l.awaitReady();
        return l.recorded();
    }

    /** Starts wireguard-go without waiting; call {@link Launched#awaitReady()} before configuring it. */
    public static Launched launch(String ns, String ifname, Path logFile) throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(Cmd.inNs(ns, "wireguard-go", "-f", ifname))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(logFile.toFile())
                .redirectErrorStream(true)
                .start();
        return new Launched(ns, ifname, logFile, p, Procs.Recorded.of(p.toHandle()));
    }

    /** A wireguard-go daemon that was started; ready once its device and control socket exist. */
    public record Launched(String ns, String ifname, Path logFile, Process process, Procs.Recorded recorded) {
        public void awaitReady() throws IOException {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!Files.exists(Path.of("/var/run/wireguard", ifname + ".sock")) || !linkExists(ns, ifname)) {
                if (!process.isAlive()) {
                    throw new IOException("wireguard-go " + ifname + " in " + ns + " exited " + process.exitValue()
                            + ": " + Files.readString(logFile).strip());
                }
                if (System.nanoTime() - deadline > 0) {
                    Procs.terminate(recorded.pid(), Duration.ofSeconds(2));
                    throw new IOException("wireguard-go " + ifname + " in " + ns + " did not come up within " + START_TIMEOUT);
                }
                sleep(20);
            }
        }
    }

    /** Sets the private key (by file), listen port and one peer on a running interface. */
    public static void configure(String ns, String ifname, Path privateKeyFile, int listenPort, Peer peer) {
        List<String> c = new ArrayList<>(List.of("wg", "set", ifname,
                "private-key", privateKeyFile.toAbsolutePath().toString(),
                "listen-port", Integer.toString(listenPort),
                "peer", peer.publicKey()));
        if (peer.endpoint() != null) c.addAll(List.of("endpoint", peer.endpoint()));
        c.addAll(List.of("allowed-ips", String.join(",", peer.allowedIps())));
        Cmd.run(Cmd.inNs(ns, c.toArray(String[]::new)), null, Cmd.DEFAULT_TIMEOUT).orThrow();
    }

    /** `wg show IF dump` of one interface: the first line is the interface, then one line per peer. */
    public static List<String> dump(String ns, String ifname) {
        return Cmd.run(Cmd.inNs(ns, "wg", "show", ifname, "dump"), null, Cmd.DEFAULT_TIMEOUT).orThrow().stdout().lines().toList();
    }

    private static boolean linkExists(String ns, String ifname) {
        return Netns.exists(ns) && Cmd.run("ip", "-n", ns, "link", "show", "dev", ifname).ok();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

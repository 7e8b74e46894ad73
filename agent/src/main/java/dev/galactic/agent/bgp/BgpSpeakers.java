package dev.galactic.agent.bgp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galactic.agent.driver.linux.Shell;
import dev.galactic.core.agent.AgentMessage;
import dev.galactic.core.bgp.LearnedRoute;
import dev.galactic.core.bgp.SessionState;
import dev.galactic.core.net.IpAddress;
import dev.galactic.core.net.IpPrefix;
import dev.galactic.core.render.NodeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs one gobgpd per BGP attachment on this edge, as the node's config says: starts, reloads,
 * restarts and stops them, keeps their advertised routes equal to the config's, and reports each
 * session's state and received routes to the controller when they change (polled every second
 * over the daemon's unix socket with {@code gobgp -j}).
 *
 * <p>Each daemon has its own directory {@code STATE/bgp/TENANT--ATTACHMENT} (config, pid file,
 * log, API socket) and listens only on the edge's address on the attachment's link, so speakers
 * of different tenants coexist in one network namespace even when their customers use the same
 * prefixes, and a customer can reach no other speaker (the linux driver's nftables guard drops
 * site traffic to any local address but its own link's).
 *
 * <p>The daemons outlive the agent on purpose: an agent that restarts finds them by their pid
 * files and adopts them without a restart, so established sessions stay up. Only a config change
 * touches a daemon: neighbour changes by SIGHUP (gobgpd resets that session), a changed ASN or
 * address by a restart.
 */
public final class BgpSpeakers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BgpSpeakers.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final String netns;
    private final Map<String, String> devices;
    private final Consumer<AgentMessage.Routes> sink;
    private final Map<String, Speaker> desired = new ConcurrentHashMap<>();
    private final Map<String, AgentMessage.Routes> reported = new ConcurrentHashMap<>();
    /** Sessions the config asks for that cannot run here, with why: reported like the others. */
    private final Map<String, AgentMessage.Routes> failing = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean closed;

    /**
     * @param stateDir the agent's state directory (speakers live under {@code bgp/})
     * @param netns the namespace the daemons run in; null: the agent's own
     * @param devices each attachment's interface on this node (the linux driver's site map)
     * @param sink where session reports go (the controller connection); it throws when it could not deliver one, which is then sent again
     */
    public BgpSpeakers(Path stateDir, String netns, Map<String, String> devices, Consumer<AgentMessage.Routes> sink, Duration poll) {
        this.root = stateDir.resolve("bgp");
        this.netns = netns;
        this.devices = Map.copyOf(devices);
        this.sink = sink;
        this.poller = Thread.ofPlatform().name("bgp-speakers").daemon().start(() -> {
            while (!closed) {
                try {
                    // a new config wakes the loop at once: an advertisement change should not wait for the next tick
                    wake.tryAcquire(poll.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                    NodeConfig c = pending.getAndSet(null);
                    if (c != null) apply(c);
                    pollAll();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("BGP speakers: {}", e.toString());
                }
            }
        });
    }

    private final java.util.concurrent.atomic.AtomicReference<NodeConfig> pending = new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);

    /**
     * Hands a newly installed config to the speakers' own thread, which applies it at once: the
     * agent's connection thread does not wait for daemons and processes (only the latest config counts).
     */
    public void offer(NodeConfig config) {
        pending.set(config);
        wake.release();
    }

    /** Makes the speakers what the config says; a speaker that cannot start is reported as NOT_RUNNING, never fails the config. */
    public synchronized void apply(NodeConfig config) {
        Map<String, Speaker> next = new TreeMap<>();
        Map<String, String> problems = new TreeMap<>();
        for (NodeConfig.TenantConfig t : config.tenants()) {
            for (NodeConfig.Site site : t.sites()) {
                if (site.bgp() == null) continue;
                String key = t.tenant() + "--" + site.attachment();
                try {
                    NodeConfig.Bgp b = site.bgp();
                    next.put(key, new Speaker(t.tenant(), site.attachment(), localAddress(site.attachment(), b.peerAddress()), b.localAsn(),
                            b.peerAsn(), b.peerAddress(), b.holdTimeSeconds(), b.shutdown(), b.advertise()));
                } catch (Shell.Failed | IllegalArgumentException e) {
                    problems.put(key, e.getMessage());
                    LOG.warn("BGP speaker {} cannot run: {}", key, e.getMessage());
                    failing.put(key, new AgentMessage.Routes(t.tenant(), site.attachment(), SessionState.NOT_RUNNING, List.of(), e.getMessage()));
                }
            }
        }
        for (String id : running()) {
            if (!next.containsKey(id) && !problems.containsKey(id)) stop(id);
        }
        desired.keySet().retainAll(next.keySet());
        failing.keySet().retainAll(problems.keySet());
        for (Speaker s : next.values()) {
            desired.put(s.id(), s);
            try {
                ensure(s);
            } catch (IOException | Shell.Failed e) {
                LOG.warn("BGP speaker {}: {}", s.id(), e.getMessage());
            }
        }
    }

    /** Sends every session's report again on the next poll (after a reconnect the controller must hear the current state). */
    public void resend() { reported.clear(); }

    private void ensure(Speaker s) throws IOException, Shell.Failed {
        Path dir = root.resolve(s.id());
        Files.createDirectories(dir);
        Path conf = dir.resolve("gobgpd.toml");
        String toml = GobgpdConfig.toml(s);
        String old = Files.exists(conf) ? Files.readString(conf) : null;
        Optional<Long> pid = pid(dir);
        if (pid.isEmpty()) {
            Files.writeString(conf, toml);
            start(s, dir);
        } else if (!toml.equals(old)) {
            Files.writeString(conf, toml);
            if (old == null || GobgpdConfig.needsRestart(old, toml)) {
                stop(s.id());
                start(s, dir);
            } else {
                LOG.info("BGP speaker {}: neighbour changed, reloading (pid {})", s.id(), pid.get());
                Shell.run(List.of("kill", "-HUP", Long.toString(pid.get())), null);
            }
        } else {
            LOG.info("BGP speaker {} runs as configured (pid {}); left alone", s.id(), pid.get());
        }
    }

    private void start(Speaker s, Path dir) throws IOException {
        Path sock = socket(dir);
        Files.deleteIfExists(sock);
        List<String> cmd = new ArrayList<>();
        // ip netns exec execs the daemon (no fork), so the pid we get is gobgpd's
        if (netns != null) cmd.addAll(List.of("ip", "netns", "exec", netns));
        cmd.addAll(List.of("gobgpd", "-f", dir.resolve("gobgpd.toml").toString(), "-p", "--pprof-disable", "--api-hosts", "unix://" + sock));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("gobgpd.log").toFile())).start();
        Files.writeString(dir.resolve("gobgpd.pid"), p.pid() + "\n");
        LOG.info("BGP speaker {} started (pid {}), AS {} at {} peering with AS {} at {}", s.id(), p.pid(), s.localAsn(), s.localAddress(),
                s.peerAsn(), s.peerAddress());
    }

    private void stop(String id) {
        Path dir = root.resolve(id);
        pid(dir).ifPresent(pid -> {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (alive(pid, dir) && System.nanoTime() < until) sleep(50);
            ProcessHandle.of(pid).filter(h -> alive(pid, dir)).ifPresent(ProcessHandle::destroyForcibly);
            LOG.info("BGP speaker {} stopped (pid {})", id, pid);
        });
        // the socket, pid file and log go with the instance; a speaker that comes back starts afresh
        try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.warn("BGP speaker {}: cannot remove {}: {}", id, dir, e.getMessage());
        }
        reported.remove(id);
    }

    /** Stops every daemon this agent's state directory holds (for tests and a node being taken out of service). */
    public synchronized void stopAll() {
        desired.clear();
        running().forEach(this::stop);
    }

    /** The instance directories present, with or without a live daemon. */
    private Set<String> running() {
        Set<String> out = new TreeSet<>();
        if (!Files.isDirectory(root)) return out;
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory).forEach(d -> out.add(d.getFileName().toString()));
        } catch (IOException e) {
            LOG.warn("BGP speakers: cannot list {}: {}", root, e.getMessage());
        }
        return out;
    }

    /** The daemon's pid when its pid file names a live gobgpd started with this directory's config (pids are reused). */
    static Optional<Long> pid(Path dir) {
        try {
            Path f = dir.resolve("gobgpd.pid");
            if (!Files.exists(f)) return Optional.empty();
            long pid = Long.parseLong(Files.readString(f).trim());
            return alive(pid, dir) ? Optional.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean alive(long pid, Path dir) {
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            if (status.contains("\nState:\tZ")) return false; // a killed daemon stays a zombie until reaped
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
            return cmdline.contains("gobgpd") && cmdline.contains(dir.resolve("gobgpd.toml").toString());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The API socket: in the instance directory, unless that path is longer than a unix socket
     * path may be (108 bytes), then under /tmp named by a hash of the directory.
     */
    static Path socket(Path dir) {
        Path inside = dir.resolve("api.sock");
        if (inside.toString().length() < 100) return inside;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(dir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            return Path.of("/tmp", "galactic-bgp-" + HexFormat.of().formatHex(h, 0, 8) + ".sock");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String gobgp(Path dir, String... args) throws Shell.Failed {
        List<String> cmd = new ArrayList<>(List.of("gobgp", "--target", "unix://" + socket(dir)));
        cmd.addAll(List.of(args));
        return Shell.run(cmd, null);
    }

    private void pollAll() {
        failing.forEach(this::send);
        for (Speaker s : List.copyOf(desired.values())) {
            Path dir = root.resolve(s.id());
            SessionState state;
            List<LearnedRoute> received = List.of();
            String detail = null;
            try {
                if (pid(dir).isEmpty()) {
                    LOG.warn("BGP speaker {} is not running; starting it", s.id());
                    synchronized (this) {
                        if (desired.get(s.id()) == s) ensure(s);
                    }
                    state = SessionState.NOT_RUNNING;
                    detail = "gobgpd was not running; started again";
                } else {
                    advertise(s, dir);
                    state = GobgpJson.sessionState(gobgp(dir, "-j", "neighbor"));
                    if (state.up()) received = GobgpJson.adjIn(gobgp(dir, "-j", "neighbor", s.peerAddress(), "adj-in"));
                }
            } catch (Shell.Failed | IOException | IllegalArgumentException e) {
                // a daemon that is starting has no socket yet: report what we know, poll again
                state = SessionState.NOT_RUNNING;
                detail = e.getMessage();
            }
            send(s.id(), new AgentMessage.Routes(s.tenant(), s.attachment(), state, received, detail));
        }
    }

    /** Sends a report unless the same state and routes went out last; one not delivered goes again on the next poll. */
    private void send(String id, AgentMessage.Routes report) {
        AgentMessage.Routes last = reported.get(id);
        if (last != null && last.state().equals(report.state()) && last.received().equals(report.received())) return;
        try {
            sink.accept(report);
            reported.put(id, report);
        } catch (RuntimeException e) {
            LOG.debug("BGP speaker {}: report not delivered ({}); trying again", id, e.getMessage());
        }
    }

    /** Adds and withdraws originated routes until they equal the config's (also after a daemon restart, which forgets them). */
    private void advertise(Speaker s, Path dir) throws Shell.Failed {
        String family = s.v4() ? "ipv4" : "ipv6";
        Set<String> have = GobgpJson.originated(gobgp(dir, "-j", "global", "rib", "-a", family));
        for (String p : s.advertise()) if (!have.contains(p)) gobgp(dir, "global", "rib", "add", p, "-a", family);
        for (String p : have) if (!s.advertise().contains(p)) gobgp(dir, "global", "rib", "del", p, "-a", family);
    }

    /** The edge's address on the attachment's link: the one whose subnet holds the peer's address. */
    private String localAddress(String attachment, String peer) throws Shell.Failed {
        String device = devices.get(attachment);
        if (device == null) throw new IllegalArgumentException("attachment " + attachment + " has no port on this node: add it to the agent's site map");
        List<String> cmd = new ArrayList<>(List.of("ip"));
        if (netns != null) cmd.addAll(List.of("-n", netns));
        cmd.addAll(List.of("-j", "addr", "show", "dev", device));
        return pickLocal(Shell.run(cmd, null), peer).orElseThrow(() -> new IllegalArgumentException("no address of " + device
                + " is in the same subnet as the BGP peer " + peer + ": give the attachment's link an address next to the customer router's"));
    }

    /** From {@code ip -j addr show}: the local address whose prefix contains the peer (not the peer's own). */
    static Optional<String> pickLocal(String ipJson, String peer) {
        IpAddress p = IpAddress.parse(peer);
        try {
            for (JsonNode link : JSON.readTree(ipJson)) {
                for (JsonNode a : link.path("addr_info")) {
                    IpAddress local = IpAddress.parse(a.path("local").asText());
                    if (local.isV4() != p.isV4() || local.equals(p)) continue;
                    IpPrefix net = new IpPrefix(local, a.path("prefixlen").asInt());
                    if (net.contains(p)) return Optional.of(local.toString());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("ip printed something that is not JSON: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling; the daemons keep running (sessions stay up while the agent is away). */
    @Override
    public void close() {
        closed = true;
        poller.interrupt();
    }
}

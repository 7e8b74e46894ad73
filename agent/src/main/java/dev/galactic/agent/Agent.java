package dev.galactic.agent;

import dev.galactic.agent.bgp.BgpSpeakers;
import dev.galactic.agent.driver.DataPlaneDriver;
import dev.galactic.agent.probe.ProbeEngine;
import dev.galactic.agent.probe.ProbeSchedulerConfig;
import dev.galactic.agent.probe.TargetResolver;
import dev.galactic.core.agent.AgentMessage;
import dev.galactic.core.agent.AgentProtocol;
import dev.galactic.core.agent.SampleFrames;
import dev.galactic.core.render.LocalFailover;
import dev.galactic.core.telemetry.NodeProbePlan;
import dev.galactic.core.telemetry.SampleBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A node's agent: runs the probe engine, dials the controller (and keeps redialling, with
 * backoff, while it is away), takes probe plans from it and sends probe results back. Results
 * made while the controller is unreachable wait in a bounded queue; the oldest go first when
 * it overflows.
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final int OUTBOX = 512;

    /**
     * @param controller the controller's base URL (http or https)
     * @param bind the address the probe listeners bind to (the node's underlay address)
     * @param iperfServer whether to run an iperf3 server for bandwidth probes
     */
    public record Config(URI controller, String node, String token, InetAddress bind,
                         TargetResolver.PortConventions ports, boolean iperfServer, DataPlaneDriver driver, Bgp bgp) {

        public Config(URI controller, String node, String token, InetAddress bind,
                      TargetResolver.PortConventions ports, boolean iperfServer, DataPlaneDriver driver) {
            this(controller, node, token, bind, ports, iperfServer, driver, null);
        }
    }

    /**
     * Run the BGP speakers of the node's BGP attachments ({@link BgpSpeakers}).
     *
     * @param stateDir where the speakers' directories live
     * @param devices each attachment's interface on this node
     */
    public record Bgp(java.nio.file.Path stateDir, java.util.Map<String, String> devices) {
    }

    private final Config config;
    private final ProbeEngine engine;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LinkedBlockingDeque<SampleBatch> outbox = new LinkedBlockingDeque<>(OUTBOX);
    private final Thread connector;
    private final Thread sender;
    private volatile WebSocket socket;
    private volatile boolean closed;
    private volatile boolean welcomed;
    /** The {@link SampleFrames} version the controller reads, 0 for JSON: set by each welcome, reset on each connect. */
    private volatile int sampleFrames;
    private volatile NodeProbePlan plan;
    private volatile AgentMessage.Config installed;
    private final AgentMetrics metrics;
    private final Object sendLock = new Object();
    /** Tunnel peers the probes find dead: routes through them are on their backup paths. */
    private volatile Set<String> deadPeers = Set.of();
    private final Thread uplinkWatch;
    private final Thread auditor;

    /** Replies in a row that bring a dead uplink back: a second of answers at 100 ms probes. */
    static final int RECOVER_REPLIES = 10;
    /** An uplink that lost this many of its newest BURST_OF probes is as dead as a silent one. */
    static final int BURST_LOST = 4;
    static final int BURST_OF = 5;
    /** How often the uplinks' probers are looked at; a dead one is acted on within this after its timeout. */
    static final long WATCH_MILLIS = 25;
    private final BgpSpeakers speakers;

    private Agent(Config config) throws IOException {
        this.config = config;
        this.speakers = config.bgp() == null ? null
                : new BgpSpeakers(config.bgp().stateDir(), null, config.bgp().devices(), this::report, Duration.ofSeconds(1));
        this.engine = ProbeEngine.start(ProbeSchedulerConfig.defaults(config.node()), config.bind(), config.ports(), this::queue, config.iperfServer());
        this.metrics = new AgentMetrics(() -> connected() ? 1 : 0, this::installedVersion, outbox::size,
                () -> plan == null ? 0 : plan.targets().size());
        engine.responder().metrics(metrics::scrape);
        this.connector = Thread.ofPlatform().name("agent-connect-" + config.node()).daemon().start(this::connectLoop);
        this.sender = Thread.ofPlatform().name("agent-send-" + config.node()).daemon().start(this::sendLoop);
        this.uplinkWatch = Thread.ofPlatform().name("agent-uplinks-" + config.node()).daemon().start(this::watchUplinks);
        this.auditor = Thread.ofPlatform().name("agent-audit-" + config.node()).daemon().start(this::auditLoop);
    }

    /** Puts back what someone changed on the data plane by hand; beside, never in front of, the configs being applied. */
    private void auditLoop() {
        while (!closed) {
            sleep(DataPlaneDriver.AUDIT_INTERVAL.toMillis());
            try {
                config.driver().audit();
            } catch (DataPlaneDriver.DriverException | RuntimeException e) {
                metrics.configErrors.inc();
                LOG.warn("agent {}: the audit of the data plane failed: {}", config.node(), e.getMessage());
            }
        }
    }

    /** The longest wait between attempts to reach the controller. */
    static final long MAX_BACKOFF_MILLIS = 4_000;

    public static Agent start(Config config) throws IOException {
        return new Agent(config);
    }

    /** Whether the controller has accepted this agent (it sent a welcome) and the connection is up. */
    public boolean connected() { return socket != null && welcomed; }

    /** The sample frame version batches go in, 0 while they go as JSON. */
    public int sampleFrames() { return sampleFrames; }

    /** The probe plan in force, null before the controller sent one. */
    public NodeProbePlan plan() { return plan; }

    private void queue(SampleBatch batch) {
        while (!outbox.offerLast(batch)) {
            if (outbox.pollFirst() != null) metrics.batchesDropped.inc();
        }
    }

    /** A connection ended: only the one in use is forgotten (an old one closing late must not drop a new one). */
    private void forget(WebSocket ws) {
        if (socket == ws || socket == null) {
            welcomed = false;
            socket = null;
        }
    }

    private URI endpoint() {
        String base = config.controller().toString().replaceFirst("^http", "ws");
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + AgentProtocol.PATH);
    }

    private void connectLoop() {
        long backoff = 500;
        while (!closed) {
            // a connection the controller closed before connectLoop recorded it (a controller that
            // is starting up does that) shows as closed input: dial again rather than wait forever
            WebSocket current = socket;
            if (current == null || current.isInputClosed()) {
                try {
                    Listener listener = new Listener();
                    sampleFrames = 0;
                    WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + config.token())
                            .connectTimeout(Duration.ofSeconds(5)).buildAsync(endpoint(), listener).get(10, TimeUnit.SECONDS);
                    send(ws, AgentProtocol.write(new AgentMessage.Hello(config.node(), "0.1.0",
                            config.bind() == null ? List.of() : List.of(config.bind().getHostAddress()), List.of(SampleFrames.VERSION),
                            config.driver().wireguardPublicKey())));
                    socket = ws;
                    LOG.info("agent {} connected to {}", config.node(), config.controller());
                    backoff = 500;
                } catch (Exception e) {
                    LOG.info("agent {} cannot reach the controller at {} ({}); trying again in {} ms", config.node(), config.controller(), e.getMessage(), backoff);
                    // with jitter, so a fleet does not reconnect in lockstep after a controller restart;
                    // capped low: a controller that is back should hear from its agents within seconds
                    sleep(backoff + java.util.concurrent.ThreadLocalRandom.current().nextLong(backoff / 5 + 1));
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                    continue;
                }
            }
            sleep(200);
        }
    }

    private void sendLoop() {
        while (!closed) {
            try {
                SampleBatch b = outbox.pollFirst(500, TimeUnit.MILLISECONDS);
                if (b == null) continue;
                WebSocket ws = socket;
                if (ws == null) {
                    outbox.offerFirst(b);
                    Thread.sleep(200);
                    continue;
                }
                byte[] frame = sampleFrames == SampleFrames.VERSION ? frame(b) : null;
                if (frame != null) {
                    synchronized (sendLock) {
                        ws.sendBinary(ByteBuffer.wrap(frame), true).get(10, TimeUnit.SECONDS);
                    }
                } else {
                    send(ws, AgentProtocol.write(new AgentMessage.Samples(b)));
                }
                metrics.batchesSent.inc();
                metrics.samplesSent.inc(b.samples().size());
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.debug("agent {} failed to send a batch: {}", config.node(), e.toString());
            }
        }
    }

    /** The batch as a binary frame, or null when it has none (it then goes as JSON, and the controller's validation says what is wrong). */
    private byte[] frame(SampleBatch b) {
        try {
            return SampleFrames.encode(b);
        } catch (IllegalArgumentException e) {
            LOG.debug("agent {}: batch {} goes as JSON: {}", config.node(), b.sequence(), e.getMessage());
            return null;
        }
    }

    /**
     * A WebSocket takes one message at a time (a second send while one is in flight fails), and
     * batches, config reports and failover reports come from different threads: one at a time.
     */
    private void send(WebSocket ws, String text) {
        synchronized (sendLock) {
            try {
                ws.sendText(text, true).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.debug("agent {}: send failed: {}", config.node(), e.toString());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                handle(text, ws);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            if (status == 4401 || status == 4404) {
                LOG.warn("agent {}: the controller refused this agent: {}", config.node(), reason);
            } else {
                LOG.info("agent {}: controller closed the connection ({} {})", config.node(), status, reason);
            }
            forget(ws);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            LOG.info("agent {}: connection lost ({})", config.node(), error.toString());
            forget(ws);
        }
    }

    /** @param ws the connection the message came on: replies go back on it, even before connectLoop has recorded it */
    private void handle(String text, WebSocket ws) {
        try {
            switch (AgentProtocol.read(text)) {
                case AgentMessage.Welcome w -> {
                    sampleFrames = w.sampleFrames() != null && w.sampleFrames() == SampleFrames.VERSION ? SampleFrames.VERSION : 0;
                    welcomed = true;
                    if (speakers != null) speakers.resend();
                    apply(w.probePlan());
                }
                case AgentMessage.Plan p -> apply(p.probePlan());
                case AgentMessage.Config c -> install(c, ws);
                case AgentMessage.Ack a -> {
                    if (!a.rejections().isEmpty()) LOG.warn("agent {}: controller refused samples: {}", config.node(), a.rejections());
                }
                default -> LOG.warn("agent {}: unexpected message {}", config.node(), text);
            }
        } catch (RuntimeException | IOException e) {
            LOG.warn("agent {}: cannot handle a message: {}", config.node(), e.toString());
        }
    }

    /**
     * Installs a config through the driver and reports the outcome. A version already installed is
     * acknowledged again without touching the data plane (a reconnect resends the current one).
     */
    private synchronized void install(AgentMessage.Config c, WebSocket ws) {
        String error = null;
        if (installed == null || !installed.hash().equals(c.hash())) {
            long start = System.nanoTime();
            try {
                config.driver().apply(LocalFailover.apply(c.config(), deadPeers).config());
                installed = c;
                if (speakers != null) speakers.offer(c.config());
                LOG.info("agent {} installed config v{} with the {} driver in {} ms", config.node(), c.version(), config.driver().name(),
                        (System.nanoTime() - start) / 1_000_000);
            } catch (DataPlaneDriver.DriverException | RuntimeException e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
                metrics.configErrors.inc();
                LOG.warn("agent {} could not install config v{}: {}", config.node(), c.version(), error);
            }
        } else {
            installed = c;
        }
        send(ws, AgentProtocol.write(new AgentMessage.Applied(c.version(), c.hash(), config.driver().name(), error)));
    }

    /** The tunnel peers this agent finds dead right now (routes through them are on their backups). */
    public Set<String> deadPeers() { return deadPeers; }

    private void watchUplinks() {
        while (!closed) {
            sleep(WATCH_MILLIS);
            try {
                checkUplinks(System.nanoTime());
            } catch (RuntimeException e) {
                LOG.warn("agent {}: uplink check failed: {}", config.node(), e.toString());
            }
        }
    }

    /**
     * Local fast failover: an uplink whose probes went silent (or lost 4 of the last 5) is dead until it answers
     * {@link #RECOVER_REPLIES} in a row; whenever that set changes, the config in force is
     * re-applied with the routes through dead uplinks on their backup paths, and the controller
     * is told. This bounds recovery by the probes' timeout, not by a round trip to the controller.
     */
    private synchronized void checkUplinks(long now) {
        AgentMessage.Config c = installed;
        var scheduler = engine.scheduler();
        if (c == null || scheduler == null) return;
        Set<String> peers = new java.util.HashSet<>();
        c.config().tunnels().forEach(t -> peers.add(t.peer()));
        Set<String> dead = new java.util.TreeSet<>();
        for (var prober : scheduler.udpProbers()) {
            String peer = prober.link().to();
            if (!peers.contains(peer)) continue;
            boolean wasDead = deadPeers.contains(peer);
            if (prober.silent(now) || prober.lossBurst(BURST_LOST, BURST_OF) || (wasDead && prober.repliesInARow() < RECOVER_REPLIES)) {
                dead.add(peer);
            }
        }
        if (dead.equals(deadPeers)) return;
        deadPeers = Set.copyOf(dead);
        metrics.failovers.inc();
        LocalFailover.Result r = LocalFailover.apply(c.config(), dead);
        try {
            config.driver().apply(r.config());
            LOG.warn("agent {}: uplinks {} dead; {} routes on their backup paths", config.node(), dead.isEmpty() ? "none" : dead, r.switched().size());
        } catch (DataPlaneDriver.DriverException | RuntimeException e) {
            metrics.configErrors.inc();
            LOG.warn("agent {}: could not switch to backup paths: {}", config.node(), e.getMessage());
            return;
        }
        WebSocket ws = socket;
        if (ws != null) send(ws, AgentProtocol.write(new AgentMessage.Failover(List.copyOf(dead), r.switched())));
    }

    /** A BGP session report; throws when it could not be sent, so the speakers try again on their next poll. */
    private void report(AgentMessage.Routes r) {
        WebSocket ws = socket;
        if (ws == null || !welcomed) throw new IllegalStateException("not connected to the controller");
        synchronized (sendLock) {
            try {
                ws.sendText(AgentProtocol.write(r), true).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not send a BGP report: " + e, e);
            }
        }
    }

    /** The config version in force on this node, 0 before the first. */
    public long installedVersion() {
        AgentMessage.Config c = installed;
        return c == null ? 0 : c.version();
    }

    private void apply(NodeProbePlan p) throws IOException {
        if (p.equals(plan)) return;
        plan = p;
        engine.apply(p);
        LOG.info("agent {} probes {} targets", config.node(), p.targets().size());
    }

    @Override
    public void close() {
        closed = true;
        connector.interrupt();
        sender.interrupt();
        uplinkWatch.interrupt();
        auditor.interrupt();
        WebSocket ws = socket;
        if (ws != null) ws.sendClose(WebSocket.NORMAL_CLOSURE, "agent stopping");
        engine.close();
        if (speakers != null) speakers.close(); // the daemons keep running: their sessions survive an agent restart
        config.driver().close();
    }
}

package dev.galactic.controller.agents;

import dev.galactic.controller.ResourceService;
import dev.galactic.controller.events.Audience;
import dev.galactic.controller.events.EventBody;
import dev.galactic.controller.events.EventHub;
import dev.galactic.controller.render.ConfigService;
import dev.galactic.controller.store.TokenStore;
import dev.galactic.controller.telemetry.TelemetryService;
import dev.galactic.core.agent.AgentMessage;
import dev.galactic.core.agent.AgentProtocol;
import dev.galactic.core.agent.SampleFrames;
import dev.galactic.core.image.NodeReport;
import dev.galactic.core.model.Kind;
import dev.galactic.core.telemetry.NodeProbePlan;
import dev.galactic.core.telemetry.ProbePlan;
import dev.galactic.core.telemetry.SampleBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents' connections: each node's agent dials in with its node token, gets its probe plan
 * (and each new one), and sends its probe results. One session per node: a reconnecting agent
 * replaces its old session. Which transport carries them is not this class's business: the
 * API's WebSocket endpoint ({@code api.AgentEndpoint}) hands each connection in as a
 * {@link Channel} and passes on what arrives to its {@link Session}.
 */
public final class AgentSessions {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSessions.class);

    /** The way to one agent: what the transport offers. */
    public interface Channel {

        /** One text message to the agent. */
        void send(String message);

        /** Ends the connection with an application close code (4xxx) and why. */
        void close(int code, String reason);
    }

    /**
     * One connection, from its opening to its close: what arrives on it. The transport delivers
     * one connection's messages one at a time.
     */
    public interface Session {

        /**
         * The connection opened with this Authorization header (null: none). A session that is
         * refused closes its channel with why and answers false; its messages are then ignored.
         */
        boolean opened(String authorization);

        void text(String message);

        void binary(java.nio.ByteBuffer data);

        void closed();
    }

    private final ResourceService resources;
    private final TokenStore tokens;
    private final TelemetryService telemetry;
    private final EventHub events;
    private final Map<String, Connection> sessions = new ConcurrentHashMap<>();

    private final ConfigService configs;

    private volatile java.util.function.Consumer<NodeReport> loop;

    private final java.time.Clock clock;

    public AgentSessions(ResourceService resources, TokenStore tokens, TelemetryService telemetry, EventHub events, ConfigService configs,
                         java.time.Clock clock) {
        this.clock = clock;
        this.resources = resources;
        this.tokens = tokens;
        this.telemetry = telemetry;
        this.events = events;
        this.configs = configs;
    }

    private static void pushConfig(Channel channel, ConfigService.Versioned v) {
        try {
            channel.send(AgentProtocol.write(new AgentMessage.Config(v.version(), v.hash(), v.config())));
        } catch (RuntimeException e) {
            LOG.debug("could not push a config: {}", e.toString());
        }
    }

    /** Nodes with a connected agent. */
    public java.util.Set<String> connected() { return java.util.Set.copyOf(sessions.keySet()); }

    /** A new connection on {@code channel}; nothing is known of it until it {@link Session#opened opens}. */
    public Session session(Channel channel) {
        return new Connection(channel);
    }

    /** One agent's connection: its node once its token is accepted, and its frame decoder. */
    private final class Connection implements Session {
        private final Channel channel;
        private volatile String node;
        /** The connection's frame decoder: one connection's messages arrive one at a time. */
        private SampleFrames.Decoder frames;

        Connection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public boolean opened(String authorization) {
            return AgentSessions.this.opened(this, authorization);
        }

        @Override
        public void text(String message) {
            received(this, message);
        }

        @Override
        public void binary(java.nio.ByteBuffer data) {
            receivedFrame(this, data);
        }

        @Override
        public void closed() {
            AgentSessions.this.closed(this);
        }
    }

    private boolean opened(Connection c, String authorization) {
        Optional<TokenStore.Token> token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.authenticate(authorization.substring(7).trim()) : Optional.empty();
        if (token.isEmpty() || !token.get().isNode()) {
            c.channel.close(4401, "a node token is required: galactic token create --node NAME");
            return false;
        }
        String node = token.get().node();
        if (resources.image().get(Kind.NODE, null, node).isEmpty()) {
            c.channel.close(4404, "node " + node + " no longer exists");
            return false;
        }
        c.node = node;
        Connection previous = sessions.put(node, c);
        if (previous != null && previous != c) {
            previous.channel.close(4409, "replaced by a newer connection of the same node");
        }
        c.channel.send(AgentProtocol.write(new AgentMessage.Welcome(node, telemetry.probePlan().forNode(node))));
        configs.desired(node).ifPresent(v -> pushConfig(c.channel, v));
        telemetry.agentBack(node);
        report(new NodeReport.AgentSession(node, true, clock.instant()));
        publish(node, true);
        return true;
    }

    private void received(Connection c, String text) {
        String node = c.node;
        if (node == null) return;
        AgentMessage m;
        try {
            m = AgentProtocol.read(text);
        } catch (IllegalArgumentException e) {
            LOG.warn("agent {} sent a malformed message: {}", node, e.getMessage());
            return;
        }
        switch (m) {
            case AgentMessage.Hello hello -> {
                LOG.info("agent {} says hello: version {}, probing from {}, sample frames {}", node, hello.agentVersion(),
                        hello.addresses(), hello.sampleFrames());
                if (hello.wireguardPublicKey() != null) report(new NodeReport.KeyReported(node, hello.wireguardPublicKey()));
                if (hello.sampleFrames() != null && hello.sampleFrames().contains(SampleFrames.VERSION)) {
                    // the welcome sent on connect named no frames (an agent that predates them could not read the field)
                    c.channel.send(AgentProtocol.write(new AgentMessage.Welcome(node, telemetry.probePlan().forNode(node), SampleFrames.VERSION)));
                }
            }
            case AgentMessage.Samples s -> ingest(c.channel, node, s.batch(), TelemetryService.Encoding.JSON);
            case AgentMessage.Applied a -> report(new NodeReport.ConfigApplied(node, a.version(), a.hash(), a.driver(), a.error()));
            case AgentMessage.Failover f -> failover(node, f);
            case AgentMessage.Routes r -> report(new NodeReport.RoutesReported(node, r, clock.instant()));
            default -> LOG.warn("agent {} sent a {} message, which only the controller sends", node, m.getClass().getSimpleName());
        }
    }

    /** Reports go to the control loop, which acts on them in order with everything else (set once at start). */
    public void reportTo(java.util.function.Consumer<NodeReport> loop) {
        this.loop = loop;
    }

    private void report(NodeReport r) {
        var l = loop;
        if (l == null) LOG.warn("{} before the control loop runs; ignored", r);
        else l.accept(r);
    }

    /** A binary message: a sample batch in a {@link SampleFrames} frame. */
    private void receivedFrame(Connection c, java.nio.ByteBuffer data) {
        String node = c.node;
        if (node == null) return;
        if (c.frames == null) c.frames = new SampleFrames.Decoder();
        switch (c.frames.decode(data)) {
            case SampleFrames.Frame f -> ingest(c.channel, node, f.batch(), TelemetryService.Encoding.BINARY);
            case SampleFrames.Malformed m -> {
                telemetry.undecodable("agent " + node, m.reason());
                c.channel.send(AgentProtocol.write(new AgentMessage.Ack(-1, false, 0, java.util.List.of("MALFORMED: " + m.reason()))));
            }
        }
    }

    /** Every batch, JSON or binary, takes this one way into telemetry. */
    private void ingest(Channel channel, String node, SampleBatch batch, TelemetryService.Encoding encoding) {
        if (!node.equals(batch.agentId())) {
            channel.send(AgentProtocol.write(new AgentMessage.Ack(batch.sequence(), false, 0,
                    java.util.List.of("FOREIGN_SOURCE: this connection belongs to " + node))));
            return;
        }
        try {
            telemetry.submit(batch, encoding).thenAccept(a -> channel.send(AgentProtocol.write(
                    new AgentMessage.Ack(batch.sequence(), a.batchAccepted(), a.samples(), a.rejections()))));
        } catch (TelemetryService.Saturated e) {
            channel.send(AgentProtocol.write(new AgentMessage.Ack(batch.sequence(), false, 0, java.util.List.of("SATURATED: " + e.getMessage()))));
        }
    }

    private void closed(Connection c) {
        String node = c.node;
        if (node != null && sessions.remove(node, c)) {
            telemetry.agentAway(node);
            report(new NodeReport.AgentSession(node, false, clock.instant()));
            publish(node, false);
        }
    }

    /** New config versions, to the nodes whose agents are connected (the others get theirs when they connect). */
    public void pushConfigs(List<ConfigService.Versioned> versions) {
        for (ConfigService.Versioned v : versions) Optional.ofNullable(sessions.get(v.config().node())).ifPresent(c -> pushConfig(c.channel, v));
    }

    /** A new probe plan, each connected agent its part. */
    public void pushPlans(ProbePlan plan) {
        sessions.forEach((node, c) -> {
            NodeProbePlan p = plan.forNode(node);
            try {
                c.channel.send(AgentProtocol.write(new AgentMessage.Plan(p)));
            } catch (RuntimeException e) {
                LOG.debug("could not push a plan to {}: {}", node, e.toString());
            }
        });
    }

    /**
     * An edge switched routes to their backups on its own: the operators hear which uplinks it
     * found dead, each tenant only which of its own routes moved. The controller's own probes
     * decide what it computes next; its next config confirms or corrects the agent's choice.
     */
    private void failover(String node, AgentMessage.Failover f) {
        events.publish(new EventBody.NodeFailover(node, f.deadPeers(), f.switched().size(), about(node)));
        java.util.Map<String, java.util.List<dev.galactic.core.render.LocalFailover.Switched>> byTenant = new java.util.TreeMap<>();
        f.switched().forEach(sw -> byTenant.computeIfAbsent(sw.tenant(), k -> new java.util.ArrayList<>()).add(sw));
        byTenant.forEach((tenant, routes) -> events.publish(new EventBody.PathFailover(tenant, node, routes)));
    }

    private void publish(String node, boolean connected) {
        events.publish(new EventBody.AgentChanged(node, connected, about(node)));
    }

    /** A core's news is everyone's; an edge's concerns the tenants with sites on it (as its links' telemetry does). */
    private Audience about(String node) {
        return Audience.backbonePart(java.util.Optional.ofNullable(telemetry.audience().edgeTenants().get(node)));
    }

}

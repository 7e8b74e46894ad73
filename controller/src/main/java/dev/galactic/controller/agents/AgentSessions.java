package dev.galactic.controller.agents;

import dev.galactic.controller.ResourceService;
import dev.galactic.controller.api.ApiServer;
import dev.galactic.controller.bgp.RouteService;
import dev.galactic.controller.events.Audience;
import dev.galactic.controller.events.EventBody;
import dev.galactic.controller.events.EventHub;
import dev.galactic.controller.render.ConfigService;
import dev.galactic.controller.store.TokenStore;
import dev.galactic.controller.telemetry.TelemetryService;
import dev.galactic.core.agent.AgentMessage;
import dev.galactic.core.agent.AgentProtocol;
import dev.galactic.core.agent.SampleFrames;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.telemetry.NodeProbePlan;
import dev.galactic.core.telemetry.ProbePlan;
import dev.galactic.core.telemetry.SampleBatch;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The agents' connections: each node's agent dials in over a WebSocket with its node token,
 * gets its probe plan (and each new one), and sends its probe results. One session per node:
 * a reconnecting agent replaces its old session.
 */
public final class AgentSessions implements ApiServer.Routes {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSessions.class);
    private static final String NODE = "galactic.node";
    /** The connection's frame decoder: Jetty delivers one connection's messages one at a time. */
    private static final String FRAMES = "galactic.frames";

    private final ResourceService resources;
    private final TokenStore tokens;
    private final TelemetryService telemetry;
    private final EventHub events;
    private final Map<String, WsContext> sessions = new ConcurrentHashMap<>();

    private final ConfigService configs;

    private final RouteService routes;

    public AgentSessions(ResourceService resources, TokenStore tokens, TelemetryService telemetry, EventHub events, ConfigService configs,
                         RouteService routes) {
        this.routes = routes;
        this.resources = resources;
        this.tokens = tokens;
        this.telemetry = telemetry;
        this.events = events;
        this.configs = configs;
        telemetry.onPlanChange(this::pushPlans);
        configs.onChange((node, v) -> Optional.ofNullable(sessions.get(node)).ifPresent(ctx -> pushConfig(ctx, v)));
    }

    private static void pushConfig(WsContext ctx, ConfigService.Versioned v) {
        try {
            ctx.send(AgentProtocol.write(new AgentMessage.Config(v.version(), v.hash(), v.config())));
        } catch (RuntimeException e) {
            LOG.debug("could not push a config: {}", e.toString());
        }
    }

    /** Nodes with a connected agent. */
    public java.util.Set<String> connected() { return java.util.Set.copyOf(sessions.keySet()); }

    @Override
    public void accept(JavalinConfig config) {
        // a plain request to the WebSocket's path (no upgrade) says what the path is; and with a
        // route for GET, the other methods get the 405 every known path gives
        config.routes.get(AgentProtocol.PATH, ctx -> {
            ctx.header("Upgrade", "websocket");
            throw dev.galactic.controller.api.Problem.error(426, "upgrade-required", "Upgrade required",
                    "this is the agents' WebSocket: connect with a WebSocket client and the node's token");
        });
        config.routes.ws(AgentProtocol.PATH, ws -> {
            ws.onConnect(this::connected);
            ws.onMessage(ctx -> received(ctx, ctx.message()));
            ws.onBinaryMessage(ctx -> receivedFrame(ctx, ctx.data()));
            ws.onClose(ctx -> closed(ctx, ctx.status(), ctx.reason()));
            ws.onError(ctx -> LOG.debug("agent connection error: {}", String.valueOf(ctx.error())));
        });
    }

    private void connected(WsContext ctx) {
        String h = ctx.header("Authorization");
        Optional<TokenStore.Token> token = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.authenticate(h.substring(7).trim()) : Optional.empty();
        if (token.isEmpty() || !token.get().isNode()) {
            ctx.closeSession(4401, "a node token is required: galactic token create --node NAME");
            return;
        }
        String node = token.get().node();
        if (resources.image().get(Kind.NODE, null, node).isEmpty()) {
            ctx.closeSession(4404, "node " + node + " no longer exists");
            return;
        }
        ctx.attribute(NODE, node);
        ctx.enableAutomaticPings(10, TimeUnit.SECONDS);
        WsContext previous = sessions.put(node, ctx);
        if (previous != null && !previous.sessionId().equals(ctx.sessionId())) {
            previous.closeSession(4409, "replaced by a newer connection of the same node");
        }
        ctx.send(AgentProtocol.write(new AgentMessage.Welcome(node, telemetry.probePlan().forNode(node))));
        configs.desired(node).ifPresent(v -> pushConfig(ctx, v));
        telemetry.agentBack(node);
        routes.agentConnected(node);
        publish(node, true);
    }

    private void received(WsContext ctx, String text) {
        String node = ctx.attribute(NODE);
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
                if (hello.wireguardPublicKey() != null) configs.publicKey(node, hello.wireguardPublicKey(), resources.image());
                if (hello.sampleFrames() != null && hello.sampleFrames().contains(SampleFrames.VERSION)) {
                    // the welcome sent on connect named no frames (an agent that predates them could not read the field)
                    ctx.send(AgentProtocol.write(new AgentMessage.Welcome(node, telemetry.probePlan().forNode(node), SampleFrames.VERSION)));
                }
            }
            case AgentMessage.Samples s -> ingest(ctx, node, s.batch(), TelemetryService.Encoding.JSON);
            case AgentMessage.Applied a -> configs.reportApplied(node, a.version(), a.hash(), a.driver(), a.error());
            case AgentMessage.Failover f -> failover(node, f);
            case AgentMessage.Routes r -> routes.report(node, r, resources.image());
            default -> LOG.warn("agent {} sent a {} message, which only the controller sends", node, m.getClass().getSimpleName());
        }
    }

    /** A binary message: a sample batch in a {@link SampleFrames} frame. */
    private void receivedFrame(WsContext ctx, java.nio.ByteBuffer data) {
        String node = ctx.attribute(NODE);
        if (node == null) return;
        SampleFrames.Decoder decoder = ctx.attribute(FRAMES);
        if (decoder == null) {
            decoder = new SampleFrames.Decoder();
            ctx.attribute(FRAMES, decoder);
        }
        switch (decoder.decode(data)) {
            case SampleFrames.Frame f -> ingest(ctx, node, f.batch(), TelemetryService.Encoding.BINARY);
            case SampleFrames.Malformed m -> {
                telemetry.undecodable("agent " + node, m.reason());
                ctx.send(AgentProtocol.write(new AgentMessage.Ack(-1, false, 0, java.util.List.of("MALFORMED: " + m.reason()))));
            }
        }
    }

    /** Every batch, JSON or binary, takes this one way into telemetry. */
    private void ingest(WsContext ctx, String node, SampleBatch batch, TelemetryService.Encoding encoding) {
        if (!node.equals(batch.agentId())) {
            ctx.send(AgentProtocol.write(new AgentMessage.Ack(batch.sequence(), false, 0,
                    java.util.List.of("FOREIGN_SOURCE: this connection belongs to " + node))));
            return;
        }
        try {
            telemetry.submit(batch, encoding).thenAccept(a -> ctx.send(AgentProtocol.write(
                    new AgentMessage.Ack(batch.sequence(), a.batchAccepted(), a.samples(), a.rejections()))));
        } catch (TelemetryService.Saturated e) {
            ctx.send(AgentProtocol.write(new AgentMessage.Ack(batch.sequence(), false, 0, java.util.List.of("SATURATED: " + e.getMessage()))));
        }
    }

    private void closed(WsContext ctx, int status, String reason) {
        String node = ctx.attribute(NODE);
        if (node != null && sessions.remove(node, ctx)) {
            telemetry.agentAway(node);
            routes.agentDisconnected(node);
            publish(node, false);
        }
    }

    private void pushPlans(ProbePlan plan) {
        sessions.forEach((node, ctx) -> {
            NodeProbePlan p = plan.forNode(node);
            try {
                ctx.send(AgentProtocol.write(new AgentMessage.Plan(p)));
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

package dev.galactic.controller.api;

import dev.galactic.controller.agents.AgentSessions;
import dev.galactic.core.agent.AgentProtocol;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The agents' WebSocket ({@link AgentProtocol#PATH}): each connection becomes an
 * {@link AgentSessions.Session}, its messages go to it, and {@link AgentSessions} answers through
 * the connection as an {@link AgentSessions.Channel}. What the agents and the controller say to
 * each other is {@link AgentSessions}'s; this class only carries it.
 */
public final class AgentEndpoint implements ApiServer.Routes {

    private static final Logger LOG = LoggerFactory.getLogger(AgentEndpoint.class);
    private static final String SESSION = "galactic.session";

    private final AgentSessions agents;

    public AgentEndpoint(AgentSessions agents) {
        this.agents = agents;
    }

    @Override
    public void accept(JavalinConfig config) {
        // a plain request to the WebSocket's path (no upgrade) says what the path is; and with a
        // route for GET, the other methods get the 405 every known path gives
        config.routes.get(AgentProtocol.PATH, ctx -> {
            ctx.header("Upgrade", "websocket");
            throw Problem.error(426, "upgrade-required", "Upgrade required",
                    "this is the agents' WebSocket: connect with a WebSocket client and the node's token");
        });
        config.routes.ws(AgentProtocol.PATH, ws -> {
            ws.onConnect(this::connected);
            ws.onMessage(ctx -> session(ctx).text(ctx.message()));
            ws.onBinaryMessage(ctx -> session(ctx).binary(ctx.data()));
            ws.onClose(ctx -> session(ctx).closed());
            ws.onError(ctx -> LOG.debug("agent connection error: {}", String.valueOf(ctx.error())));
        });
    }

    private void connected(WsConnectContext ctx) {
        AgentSessions.Session session = agents.session(new AgentSessions.Channel() {
            @Override
            public void send(String message) {
                ctx.send(message);
            }

            @Override
            public void close(int code, String reason) {
                ctx.closeSession(code, reason);
            }
        });
        // before it opens, so that whatever follows on this connection finds its session
        ctx.attribute(SESSION, session);
        if (session.opened(ctx.header("Authorization"))) ctx.enableAutomaticPings(10, TimeUnit.SECONDS);
    }

    private static AgentSessions.Session session(WsContext ctx) {
        return ctx.attribute(SESSION);
    }
}

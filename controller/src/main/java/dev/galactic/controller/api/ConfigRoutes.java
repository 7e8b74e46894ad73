package dev.galactic.controller.api;

import dev.galactic.controller.render.ConfigService;
import dev.galactic.core.agent.AgentProtocol;
import io.javalin.config.JavalinConfig;

/** A node's desired config as its agent receives it (operator only: it shows every tenant on the node). */
public final class ConfigRoutes implements ApiServer.Routes {

    private final ConfigService configs;

    public ConfigRoutes(ConfigService configs) {
        this.configs = configs;
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.get("/api/v1/nodes/{name}/config", ctx -> {
            ApiServer.requireOperator(ctx);
            ConfigService.Versioned v = configs.desired(ctx.pathParam("name")).orElseThrow(() -> Problem.error(404, "not-found", "Not found",
                    "no config for node \"" + ctx.pathParam("name") + "\": it does not exist or has no locator yet"));
            var n = AgentProtocol.json().createObjectNode().put("version", v.version()).put("hash", v.hash());
            n.set("config", AgentProtocol.json().valueToTree(v.config()));
            ApiServer.send(ctx, 200, n);
        });
    }
}

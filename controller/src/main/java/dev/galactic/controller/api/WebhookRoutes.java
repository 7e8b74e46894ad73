package dev.galactic.controller.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galactic.controller.ResourceService;
import dev.galactic.controller.store.WebhookDeliveryStore;
import dev.galactic.controller.webhooks.WebhookDispatcher;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceKey;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** The delivery log of a webhook, for its owner. */
public final class WebhookRoutes implements ApiServer.Routes {

    public static final QueryParam.Bounded LIMIT = new QueryParam.Bounded("limit", 1, 1000, 100L, "at most this many deliveries, newest first");

    private final ResourceService resources;
    private final WebhookDispatcher dispatcher;

    public WebhookRoutes(ResourceService resources, WebhookDispatcher dispatcher) {
        this.resources = resources;
        this.dispatcher = dispatcher;
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.get("/api/v1/tenants/{tenant}/webhooks/{name}/deliveries", ctx -> deliveries(ctx, ctx.pathParam("tenant")));
        config.routes.get("/api/v1/webhooks/{name}/deliveries", ctx -> deliveries(ctx, null));
    }

    private void deliveries(Context ctx, String tenant) {
        ResourceKey key = new ResourceKey(Kind.WEBHOOK, tenant, ctx.pathParam("name"));
        if (resources.get(key, ApiServer.caller(ctx)).isEmpty()) {
            throw Problem.error(404, "not-found", "Not found", "Webhook \"" + key.name() + "\"" + (tenant == null ? "" : " in tenant \"" + tenant + "\"") + " does not exist");
        }
        int limit = (int) LIMIT.read(ctx);
        ArrayNode items = ResourceCodec.json().createArrayNode();
        for (WebhookDeliveryStore.Delivery d : dispatcher.deliveries(key, limit)) {
            WebhookDeliveryStore.Attempt a = d.attempt();
            ObjectNode n = items.addObject().put("id", d.id()).put("eventSeq", a.eventSeq()).put("eventType", a.eventType())
                    .put("attempt", a.number()).put("status", a.status()).put("outcome", a.outcome()).put("at", a.at().toString());
            if (a.error() != null) n.put("error", a.error());
        }
        ApiServer.send(ctx, 200, ResourceCodec.json().createObjectNode().set("items", items));
    }
}

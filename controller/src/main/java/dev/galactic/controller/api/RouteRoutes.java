package dev.galactic.controller.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galactic.controller.ResourceService;
import dev.galactic.controller.bgp.RouteService;
import dev.galactic.core.bgp.RouteDecision;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceKey;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** An attachment's BGP view for its tenant (and the operator): session, what was received, accepted, rejected and why, advertised. */
public final class RouteRoutes implements ApiServer.Routes {

    private final ResourceService resources;
    private final RouteService routes;
    private final dev.galactic.controller.render.ConfigService configs;

    public RouteRoutes(ResourceService resources, RouteService routes, dev.galactic.controller.render.ConfigService configs) {
        this.resources = resources;
        this.routes = routes;
        this.configs = configs;
    }

    /** What the attachment's edge advertises to its site, from the edge's desired config. */
    private java.util.List<String> advertised(ResourceKey attachment) {
        return resources.image().get(Kind.ATTACHMENT, attachment.tenant(), attachment.name())
                .map(a -> a.spec(dev.galactic.core.model.AttachmentSpec.class).node())
                .flatMap(configs::desired).stream()
                .flatMap(v -> v.config().tenants().stream())
                .filter(t -> t.tenant().equals(attachment.tenant())).flatMap(t -> t.sites().stream())
                .filter(site -> site.attachment().equals(attachment.name()) && site.bgp() != null)
                .flatMap(site -> site.bgp().advertise().stream()).toList();
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.get("/api/v1/tenants/{tenant}/attachments/{name}/routes", this::routes);
    }

    private void routes(Context ctx) {
        ResourceKey key = new ResourceKey(Kind.ATTACHMENT, ctx.pathParam("tenant"), ctx.pathParam("name"));
        // the caller's visibility decides, exactly as for the Attachment itself: another tenant gets the same 404 as a missing one
        if (resources.get(key, ApiServer.caller(ctx)).isEmpty()) {
            throw Problem.error(404, "not-found", "Not found", "Attachment \"" + key.name() + "\" in tenant \"" + key.tenant() + "\" does not exist");
        }
        RouteService.View v = routes.view(key, resources.image(), advertised(key)).orElseThrow(() ->
                Problem.error(404, "not-found", "Not found", "Attachment \"" + key.name() + "\" in tenant \"" + key.tenant() + "\" does not exist"));
        ObjectNode out = ResourceCodec.json().createObjectNode().put("tenant", key.tenant()).put("attachment", key.name());
        ObjectNode session = out.putObject("session");
        if (v.session() == null) {
            session.put("state", "UNKNOWN").put("detail", "the edge's agent has not reported this session yet");
        } else {
            session.put("state", v.session().state().name()).put("node", v.session().node()).put("reportedAt", v.session().at().toString());
            if (v.session().detail() != null) session.put("detail", v.session().detail());
            out.put("received", v.session().received().size());
        }
        ArrayNode accepted = out.putArray("accepted");
        ArrayNode rejected = out.putArray("rejected");
        for (RouteDecision d : v.decisions()) {
            switch (d) {
                case RouteDecision.Accepted a -> dev.galactic.controller.events.EventJson.route(accepted.addObject(), a.route());
                case RouteDecision.Rejected r -> dev.galactic.controller.events.EventJson.route(rejected.addObject(), r.route()).put("reason", r.reason().name()).put("why", r.why());
            }
        }
        v.advertised().forEach(out.putArray("advertised")::add);
        ApiServer.send(ctx, 200, out);
    }
}

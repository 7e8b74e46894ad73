package dev.galactic.controller.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galactic.controller.ResourceService;
import dev.galactic.controller.paths.PathService;
import dev.galactic.core.agent.AgentProtocol;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.pce.PathResult;
import dev.galactic.core.sla.Compliance;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;

/** A VPC's computed paths and its SLA compliance, for its tenant (and the operator). */
public final class PathRoutes implements ApiServer.Routes {

    /** The SLA monitor keeps a little over a week of buckets: a window longer than that would be mostly unobserved. */
    public static final QueryParam.Bounded HOURS = new QueryParam.Bounded("hours", 1, 168, 24L, "the window, up to now: 24 for the day, 168 for the week");

    private final ResourceService resources;
    private final PathService paths;
    private final Clock clock;
    private final java.util.function.Supplier<dev.galactic.core.sid.SidPlan> sids;

    /** @param sids the SID plan in force (the loop image's) */
    private final dev.galactic.controller.sla.SlaService sla;

    public PathRoutes(ResourceService resources, PathService paths, dev.galactic.controller.sla.SlaService sla, Clock clock,
                      java.util.function.Supplier<dev.galactic.core.sid.SidPlan> sids) {
        this.sla = sla;
        this.resources = resources;
        this.paths = paths;
        this.clock = clock;
        this.sids = sids;
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.get("/api/v1/tenants/{tenant}/vpcs/{name}/paths", this::paths);
        config.routes.get("/api/v1/tenants/{tenant}/vpcs/{name}/compliance", this::compliance);
    }

    private void requireVpc(Context ctx) {
        ResourceKey key = new ResourceKey(Kind.VPC, ctx.pathParam("tenant"), ctx.pathParam("name"));
        if (resources.get(key, ApiServer.caller(ctx)).isEmpty()) {
            throw Problem.error(404, "not-found", "Not found", "Vpc \"" + key.name() + "\" in tenant \"" + key.tenant() + "\" does not exist");
        }
    }

    private void paths(Context ctx) {
        requireVpc(ctx);
        ArrayNode items = ResourceCodec.json().createArrayNode();
        for (PathResult r : paths.results()) {
            if (r.tenant().equals(ctx.pathParam("tenant")) && r.vpc().equals(ctx.pathParam("name"))) {
                ObjectNode item = AgentProtocol.json().valueToTree(r);
                srv6(r).ifPresent(s -> item.set("srv6", s));
                items.add(item);
            }
        }
        ApiServer.send(ctx, 200, ResourceCodec.json().createObjectNode().set("items", items));
    }

    /** The SRv6 segment lists the ingress edge encapsulates with, for IPv4 and IPv6 destinations. */
    private java.util.Optional<ObjectNode> srv6(PathResult r) {
        var plan = sids.get();
        Integer vpcId = plan.vpcId(r.tenant(), r.vpc()).orElse(null);
        if (r.primary() == null || r.primary().nodes().size() < 2 || vpcId == null) return java.util.Optional.empty();
        try {
            ObjectNode n = ResourceCodec.json().createObjectNode();
            dev.galactic.core.render.Renderer.segments(plan.locators(), vpcId, r.primary().nodes(), dev.galactic.core.sid.SidFunction.END_DT4)
                    .forEach(n.putArray("ipv4")::add);
            dev.galactic.core.render.Renderer.segments(plan.locators(), vpcId, r.primary().nodes(), dev.galactic.core.sid.SidFunction.END_DT6)
                    .forEach(n.putArray("ipv6")::add);
            return java.util.Optional.of(n);
        } catch (IllegalArgumentException noLocator) {
            return java.util.Optional.empty();
        }
    }

    /** Fraction of time each class met its SLA: ?hours=24 (default) or ?hours=168 for the week. */
    private void compliance(Context ctx) {
        requireVpc(ctx);
        String tenant = ctx.pathParam("tenant");
        long hours = HOURS.read(ctx);
        long now = dev.galactic.core.telemetry.EpochNanos.of(clock.instant());
        long from = now - Duration.ofHours(hours).toNanos();
        ObjectNode out = ResourceCodec.json().createObjectNode().put("hours", hours);
        ArrayNode items = out.putArray("items");
        paths.results().stream().filter(r -> r.tenant().equals(tenant) && r.vpc().equals(ctx.pathParam("name")))
                .map(PathResult::trafficClass).distinct().sorted().forEach(cls -> {
                    Compliance c = sla.monitor().compliance(tenant, cls, from, now);
                    ObjectNode n = items.addObject().put("trafficClass", cls).put("observedSeconds", c.coveredNanos() / 1e9)
                            .put("observedPathSeconds", c.observedNanos() / 1e9);
                    if (c.observedNanos() > 0) n.put("compliantFraction", c.fraction());
                    // hour by hour, oldest first, for charts: what fraction of each observed hour met the SLA
                    ArrayNode hourly = n.putArray("hourly");
                    long hour = Duration.ofHours(1).toNanos();
                    for (long start = now - hours * hour; start < now; start += hour) {
                        Compliance h = sla.monitor().compliance(tenant, cls, start, start + hour);
                        ObjectNode b = hourly.addObject().put("from", dev.galactic.core.telemetry.EpochNanos.instant(start).toString());
                        if (h.observedNanos() > 0) b.put("compliantFraction", h.fraction());
                    }
                });
        ApiServer.send(ctx, 200, out);
    }
}

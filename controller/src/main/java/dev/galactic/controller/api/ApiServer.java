package dev.galactic.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galactic.controller.ResourceService;
import dev.galactic.controller.events.Event;
import dev.galactic.controller.events.EventJson;
import dev.galactic.controller.events.EventHub;
import dev.galactic.controller.metrics.ControllerMetrics;
import dev.galactic.controller.store.ResourceStore;
import dev.galactic.controller.store.TokenStore;
import dev.galactic.core.model.Caller;
import dev.galactic.core.model.Change;
import dev.galactic.core.model.ChangePlanner;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LabelSelector;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.model.WebhookSpec;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The controller's HTTP front door: the resource API, tokens, health, OpenAPI and Swagger UI.
 * Every error leaves as RFC 7807 problem+json.
 */
public final class ApiServer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String CALLER = "galactic.caller";
    private static final String ACTOR = "galactic.actor";
    private static final ObjectMapper JSON = ResourceCodec.json();

    public static final QueryParam.Flag DRY_RUN = new QueryParam.Flag("dryRun", "true: say what would change, change nothing");
    public static final QueryParam.Bounded RESOURCE_VERSION = new QueryParam.Bounded("resourceVersion", 1, Long.MAX_VALUE, null,
            "delete only while the resource is at this version (409 otherwise)");
    public static final QueryParam.Bounded EVENTS_AFTER = new QueryParam.Bounded("after", 0, Long.MAX_VALUE, null,
            "the events after this sequence number, oldest first (the next page); without it the newest");
    /** The header a reconnecting EventSource sends, read by the same rule as after. */
    public static final QueryParam.Bounded LAST_EVENT_ID = new QueryParam.Bounded("Last-Event-ID", 0, Long.MAX_VALUE, null,
            "the sequence number of the last event received: the stream resumes after it");
    /** Up to all the controller keeps. */
    public static final QueryParam.Bounded EVENTS_LIMIT = new QueryParam.Bounded("limit", 1, EventHub.RETAINED, 200L, "at most this many events");

    /** Extra routes other subsystems (telemetry, UI, agents) add to the same server. */
    public interface Routes extends Consumer<JavalinConfig> {
    }

    private final ResourceService resources;
    private final EventHub events;
    private final TokenStore tokens;
    private final Supplier<Boolean> ready;
    private final Clock clock;
    private final String version;
    private final java.util.function.UnaryOperator<Resource> decorate;
    private final ControllerMetrics metrics;

    /**
     * @param decorate adds what the controller knows about a resource (its status) on the way out
     */
    public ApiServer(ResourceService resources, EventHub events, TokenStore tokens, Supplier<Boolean> ready, Clock clock,
                     String version, java.util.function.UnaryOperator<Resource> decorate,
                     ControllerMetrics metrics) {
        this.decorate = decorate;
        this.metrics = metrics;
        this.resources = resources;
        this.events = events;
        this.tokens = tokens;
        this.ready = ready;
        this.clock = clock;
        this.version = version;
    }

    public Javalin create(long maxBodyBytes, List<Routes> extra) {
        String openApi = OpenApiDocument.json(version);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = maxBodyBytes;
            // a known path asked with a method it does not have is a 405 naming the ones it has, not a 404
            config.http.prefer405over404 = true;
            // what Jetty refuses before Javalin sees a request (a header too large, a URI it cannot read)
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblems()));
            // an agent's sample batch is one message: allow what an HTTP body may hold (Jetty's default is 64 KiB)
            config.jetty.modifyWebSocketServletFactory(f -> {
                f.setMaxTextMessageSize(maxBodyBytes);
                f.setMaxBinaryMessageSize(maxBodyBytes);
            });
            config.staticFiles.enableWebjars();
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/web";
                sf.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            config.requestLogger.http((ctx, ms) -> metrics.request(ctx.method().name(), route(ctx), ctx.statusCode(), ms / 1000.0));
            var r = config.routes;
            r.exception(Problem.Exception.class, (e, ctx) -> problem(ctx, e.problem()));
            r.exception(ResourceService.Rejected.class, (e, ctx) -> {
                metrics.apply("rejected_" + e.plan().worst().orElseThrow().name().toLowerCase(Locale.ROOT));
                problem(ctx, rejected(e.plan()));
            });
            r.exception(ResourceStore.ConcurrentChangeException.class, (e, ctx) -> problem(ctx,
                    Problem.of(409, "conflict", "Concurrent change", e.getMessage() + "; nothing was stored, try again")));
            r.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, switch (e.getStatus()) {
                case 413 -> Problem.of(413, "too-large", "Request body too large", "the body is over the limit of " + maxBodyBytes
                        + " bytes; split the batch into smaller ones");
                case 405 -> methodNotAllowed(ctx, e);
                default -> Problem.of(e.getStatus(), "http", e.getMessage(), e.getMessage());
            }));
            r.exception(Exception.class, (e, ctx) -> {
                String method, path;
                try {
                    method = ctx.method().name();
                    path = ctx.path();
                } catch (RuntimeException gone) {
                    // Jetty already recycled this exchange (the client went away mid-request), so
                    // there is nobody to answer; throwing from here made Javalin's own error
                    // handling fail on the same exchange in a loop, thousands of log lines a second.
                    LOG.debug("error after the client went away: {}", e.toString());
                    return;
                }
                LOG.error("unhandled error on {} {}", method, path, e);
                problem(ctx, Problem.of(500, "internal", "Internal error", "the controller failed: " + e + "; see its log"));
            });
            r.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    problem(ctx, Problem.of(404, "not-found", "Not found", "no route for " + ctx.method() + " " + ctx.path()
                            + notFoundHint(ctx.path()) + "; see /openapi.json"));
                }
            });

            r.get("/healthz", ctx -> send(ctx, 200, JSON.createObjectNode().put("status", "ok")));
            r.get("/readyz", ctx -> {
                boolean ok = ready.get();
                if (!ok) throw Problem.error(503, "not-ready", "Not ready", "the database does not answer");
                send(ctx, 200, JSON.createObjectNode().put("status", "ready"));
            });
            r.get("/openapi.json", ctx -> ctx.contentType(JSON_UTF8).result(openApi));
            r.get("/metrics", this::scrape);
            r.get("/swagger", ctx -> ctx.html(swaggerPage()));

            r.before("/api/*", this::authenticate);
            r.get("/api/v1/whoami", ctx -> {
                ObjectNode n = JSON.createObjectNode();
                switch (caller(ctx)) {
                    case Caller.Operator o -> n.put("role", "operator");
                    case Caller.TenantMember m -> n.put("role", "tenant").put("tenant", m.tenant());
                }
                send(ctx, 200, n);
            });
            r.post("/api/v1/apply", ctx -> batch(ctx, false));
            r.post("/api/v1/delete", ctx -> batch(ctx, true));
            r.get("/api/v1/events", this::listEvents);
            r.get("/api/v1/events/stream", this::streamEvents);
            r.get("/api/v1/tokens", this::listTokens);
            r.post("/api/v1/tokens", this::createToken);
            r.delete("/api/v1/tokens/{id}", this::deleteToken);
            // the other subsystems' routes
            extra.forEach(e -> e.accept(config));
            // one route per kind and scope, not /api/v1/{plural}: a wildcard would answer GET /api/v1/apply
            // with "no such kind" where the truth is "only POST", and the routes would not be the document's
            for (Kind k : Kind.values()) {
                r.get("/api/v1/" + k.plural(), ctx -> list(ctx, k, ctx.queryParam("tenant")));
                if (k.scope() != Kind.Scope.TENANT) {
                    r.get("/api/v1/" + k.plural() + "/{name}", ctx -> getOne(ctx, new ResourceKey(k, null, ctx.pathParam("name"))));
                    r.delete("/api/v1/" + k.plural() + "/{name}", ctx -> deleteOne(ctx, new ResourceKey(k, null, ctx.pathParam("name"))));
                }
                if (k.scope() != Kind.Scope.CLUSTER) {
                    r.get("/api/v1/tenants/{tenant}/" + k.plural(), ctx -> list(ctx, k, ctx.pathParam("tenant")));
                    r.get("/api/v1/tenants/{tenant}/" + k.plural() + "/{name}",
                            ctx -> getOne(ctx, new ResourceKey(k, ctx.pathParam("tenant"), ctx.pathParam("name"))));
                    r.delete("/api/v1/tenants/{tenant}/" + k.plural() + "/{name}",
                            ctx -> deleteOne(ctx, new ResourceKey(k, ctx.pathParam("tenant"), ctx.pathParam("name"))));
                }
            }
        });
    }

    /**
     * A route the server answers: an HTTP method and a Javalin path pattern. A WebSocket's is the
     * GET of its upgrade.
     */
    public record Route(String method, String path) {
    }

    /**
     * What Javalin actually registered, in the order a request is matched against them (WebSocket
     * upgrades are matched before HTTP routes), so the OpenAPI document can be checked against it.
     */
    public static List<Route> routes(Javalin app) {
        List<Route> out = new ArrayList<>();
        app.unsafe.internalRouter.allWsHandlers().stream()
                .filter(w -> w.getType() == io.javalin.websocket.WsHandlerType.WEBSOCKET)
                .forEach(w -> out.add(new Route("GET", w.getPath())));
        app.unsafe.internalRouter.allHttpHandlers().stream().map(p -> p.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .forEach(e -> out.add(new Route(e.method.name(), e.path)));
        return List.copyOf(out);
    }

    /** Javalin found the path but not the method: say which methods it has, in the body and in Allow. */
    private static Problem methodNotAllowed(Context ctx, HttpResponseException e) {
        String allowed = e.getDetails().getOrDefault("availableMethods", "");
        if (!allowed.isEmpty()) ctx.header("Allow", allowed);
        return Problem.of(405, "method-not-allowed", "Method not allowed", ctx.method() + " is not allowed on " + ctx.path()
                + (allowed.isEmpty() ? "" : "; it allows " + allowed) + "; see /openapi.json");
    }

    // ---- metrics

    private static String route(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    /** Anonymous scrapes see the backbone's series; a token adds its tenant's (the operator's: all). */
    private void scrape(Context ctx) {
        Caller caller = ctx.header("Authorization") == null ? null : callerOf(ctx);
        ctx.contentType(io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.CONTENT_TYPE).result(metrics.scrape(caller));
    }

    // ---- authentication

    private void authenticate(Context ctx) {
        ctx.attribute(CALLER, callerOf(ctx));
    }

    private Caller callerOf(Context ctx) {
        String h = ctx.header("Authorization");
        // no word on where the operator's token lies: that is for the operator, not for whoever knocks
        String hint = "send the header 'Authorization: Bearer <token>' with an operator or tenant token";
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw Problem.error(401, "unauthenticated", "Authentication required", "no token: " + hint);
        }
        TokenStore.Token t = tokens.authenticate(h.substring(7).trim())
                .orElseThrow(() -> Problem.error(401, "unauthenticated", "Unknown token", "the token is not valid (revoked or mistyped): " + hint));
        ctx.attribute(ACTOR, "token:" + t.id());
        if (t.isNode()) {
            throw Problem.error(403, "forbidden", "Node token", "a node token opens its agent's connection (" + dev.galactic.core.agent.AgentProtocol.PATH
                    + ") and nothing else; use an operator or tenant token here");
        }
        if (t.isAdmin()) return Caller.OPERATOR;
        if (resources.image().get(Kind.TENANT, null, t.tenant()).isEmpty()) {
            throw Problem.error(401, "unauthenticated", "Tenant gone", "the token's tenant no longer exists");
        }
        return new Caller.TenantMember(t.tenant());
    }

    /** The authenticated caller of an /api/ request. */
    public static Caller caller(Context ctx) {
        return ctx.attribute(CALLER);
    }

    public static void requireOperator(Context ctx) {
        if (!(caller(ctx) instanceof Caller.Operator)) {
            throw Problem.error(403, "forbidden", "Operator only", "this needs an operator (admin) token");
        }
    }

    // ---- resources

    private void batch(Context ctx, boolean delete) {
        boolean dryRun = DRY_RUN.read(ctx);
        String body = ctx.body();
        ResourceCodec.Format format = format(ctx.contentType(), body);
        ResourceCodec.Parsed parsed = ResourceCodec.parse(body, format);
        if (parsed.syntaxError() != null) {
            throw Problem.error(400, "malformed", "Malformed " + format, parsed.syntaxError());
        }
        Caller caller = caller(ctx);
        List<Problem.FieldProblem> errors = new ArrayList<>();
        List<ChangePlanner.Op> ops = new ArrayList<>();
        for (ResourceCodec.Item item : parsed.items()) {
            if (!item.ok()) {
                item.errors().forEach(e -> errors.add(new Problem.FieldProblem(item.index(), item.label(), e.pointer(), e.reason())));
                continue;
            }
            Resource r = defaultTenant(item.resource(), caller);
            ops.add(delete ? new ChangePlanner.Op.Delete(item.index(), r.key(), r.metadata().resourceVersion())
                    : new ChangePlanner.Op.Put(item.index(), r));
        }
        if (!errors.isEmpty()) {
            boolean unknownKind = errors.stream().anyMatch(e -> "/kind".equals(e.pointer()) || "/apiVersion".equals(e.pointer()));
            throw new Problem.Exception(new Problem("urn:galactic:problem:" + (unknownKind ? "unknown-kind" : "invalid"),
                    unknownKind ? "Unknown kind or apiVersion" : "Invalid resources", unknownKind ? 400 : 422,
                    errors.size() + " problem(s); nothing was changed", List.copyOf(errors)));
        }
        ResourceService.Applied applied = resources.apply(ops, caller, ctx.attribute(ACTOR), dryRun);
        metrics.apply(dryRun ? "dry_run" : applied.changes().stream().allMatch(c -> c.action() == Change.Action.UNCHANGED) ? "unchanged" : "committed");
        ObjectNode out = JSON.createObjectNode().put("dryRun", dryRun).put("revision", applied.revision());
        ArrayNode results = out.putArray("results");
        for (Change c : applied.changes()) {
            ObjectNode n = results.addObject();
            n.put("kind", c.key().kind().wireName());
            if (c.key().tenant() != null) n.put("tenant", c.key().tenant());
            n.put("name", c.key().name());
            n.put("action", c.action().name().toLowerCase(Locale.ROOT));
            if (c.after() != null && c.after().metadata().resourceVersion() != null) {
                n.put("resourceVersion", c.after().metadata().resourceVersion());
            }
            ArrayNode d = n.putArray("diff");
            for (Change.FieldChange f : c.diff()) {
                ObjectNode fc = d.addObject().put("path", f.path());
                fc.set("before", f.before());
                fc.set("after", f.after());
            }
        }
        send(ctx, 200, out);
    }

    /** A tenant token may leave metadata.tenant out: its own tenant is meant. */
    private static Resource defaultTenant(Resource r, Caller caller) {
        if (caller instanceof Caller.TenantMember m && r.tenant() == null && r.kind().scope() != Kind.Scope.CLUSTER) {
            return r.withMetadata(new dev.galactic.core.model.ObjectMeta(r.name(), m.tenant(), r.metadata().labels(),
                    r.metadata().resourceVersion(), null, null, null));
        }
        return r;
    }

    private static ResourceCodec.Format format(String contentType, String body) {
        if (contentType != null) {
            String ct = contentType.toLowerCase(Locale.ROOT);
            if (ct.contains("json")) return ResourceCodec.Format.JSON;
            if (ct.contains("yaml")) return ResourceCodec.Format.YAML;
        }
        String t = body.stripLeading();
        return t.startsWith("{") || t.startsWith("[") ? ResourceCodec.Format.JSON : ResourceCodec.Format.YAML;
    }

    /** Why no route answers a path under /api/v1/, when a likely mistake explains it: the kind, or its scope. */
    private static String notFoundHint(String path) {
        String[] s = path.replaceAll("/+$", "").split("/");
        if (s.length < 4 || !path.startsWith("/api/v1/")) return "";
        boolean inTenant = s[3].equals("tenants") && s.length >= 6;
        String word = inTenant ? s[5] : s[3];
        Optional<Kind> kind = Kind.parse(word);
        if (kind.isEmpty() || !kind.get().plural().equals(word)) {
            return "; \"" + word + "\" is not a kind: use one of " + String.join(", ", java.util.Arrays.stream(Kind.values()).map(Kind::plural).toList());
        }
        Kind k = kind.get();
        if (!inTenant && s.length == 5 && k.scope() == Kind.Scope.TENANT) {
            return "; " + k.wireName() + " belongs to a tenant: use /api/v1/tenants/{tenant}/" + k.plural() + "/{name}";
        }
        if (inTenant && k.scope() == Kind.Scope.CLUSTER) return "; " + k.wireName() + " belongs to no tenant: use /api/v1/" + k.plural();
        return "";
    }

    private void list(Context ctx, Kind kind, String tenant) {
        LabelSelector selector;
        try {
            selector = LabelSelector.parse(ctx.queryParam("selector"));
        } catch (IllegalArgumentException e) {
            throw Problem.error(400, "bad-selector", "Bad label selector", e.getMessage());
        }
        List<Resource> items = resources.list(kind, tenant, selector, caller(ctx));
        ObjectNode out = JSON.createObjectNode().put("apiVersion", Resource.API_VERSION).put("kind", "List");
        ArrayNode arr = out.putArray("items");
        items.forEach(r -> arr.add(ResourceCodec.toTree(decorate.apply(redact(r)))));
        send(ctx, 200, out);
    }

    private void getOne(Context ctx, ResourceKey k) {
        Resource r = resources.get(k, caller(ctx)).orElseThrow(() -> notFound(k));
        send(ctx, 200, ResourceCodec.toTree(decorate.apply(redact(r))));
    }

    private void deleteOne(Context ctx, ResourceKey k) {
        Caller caller = caller(ctx);
        // one answer for "missing" and "not yours", so a tenant learns nothing of other tenants
        if (resources.get(k, caller).isEmpty()) throw notFound(k);
        Long rv = RESOURCE_VERSION.find(ctx).orElse(null);
        boolean dryRun = DRY_RUN.read(ctx);
        ResourceService.Applied applied = resources.apply(List.of(new ChangePlanner.Op.Delete(0, k, rv)), caller, ctx.attribute(ACTOR), dryRun);
        ObjectNode out = JSON.createObjectNode().put("dryRun", dryRun).put("revision", applied.revision());
        out.putArray("results").addObject().put("kind", k.kind().wireName()).put("tenant", k.tenant()).put("name", k.name()).put("action", "deleted");
        send(ctx, 200, out);
    }

    private static Problem.Exception notFound(ResourceKey k) {
        return Problem.error(404, "not-found", "Not found", k.kind().wireName() + " \"" + k.name() + "\""
                + (k.tenant() == null ? "" : " in tenant \"" + k.tenant() + "\"") + " does not exist");
    }

    /** Secrets never leave the controller once stored. */
    private static Resource redact(Resource r) {
        if (r.spec() instanceof WebhookSpec w && w.secret() != null) {
            ObjectNode status = r.status() instanceof ObjectNode s ? s.deepCopy() : JSON.createObjectNode();
            status.put("secretConfigured", true);
            return r.withSpec(new WebhookSpec(w.url(), w.events(), null)).withStatus(status);
        }
        return r;
    }

    private static Problem rejected(ChangePlanner.Plan plan) {
        ChangePlanner.Failure worst = plan.worst().orElseThrow();
        List<Problem.FieldProblem> errs = plan.errors().stream()
                .map(e -> new Problem.FieldProblem(e.index(), e.resource(), e.pointer(), e.reason())).toList();
        String detail = errs.size() + " problem(s); nothing was changed";
        return switch (worst) {
            case FORBIDDEN -> new Problem("urn:galactic:problem:forbidden", "Not allowed", 403, detail, errs);
            case NOT_FOUND -> new Problem("urn:galactic:problem:not-found", "Not found", 404, detail, errs);
            case CONFLICT -> new Problem("urn:galactic:problem:conflict", "Conflict", 409, detail, errs);
            case INVALID -> new Problem("urn:galactic:problem:invalid", "Invalid resources", 422, detail, errs);
        };
    }

    // ---- events

    /** ?after=, or the Last-Event-ID of a reconnecting stream; empty for neither. */
    private static Optional<Long> afterParam(Context ctx) {
        Optional<Long> after = EVENTS_AFTER.find(ctx);
        String resumed = ctx.header(LAST_EVENT_ID.name());
        return after.isPresent() || resumed == null ? after : Optional.of(LAST_EVENT_ID.parse(resumed));
    }

    private void listEvents(Context ctx) {
        int limit = (int) EVENTS_LIMIT.read(ctx);
        Optional<Long> after = afterParam(ctx);
        // type=resource.,link.status: events whose type starts with any of the prefixes
        List<String> types = Optional.ofNullable(ctx.queryParam("type")).map(t -> List.of(t.split(","))).orElse(List.of());
        ArrayNode items = JSON.createArrayNode();
        var filter = dev.galactic.controller.events.EventFilter.of(caller(ctx), types);
        // a client paging forward gets the next events after its last; one looking now gets the newest
        List<Event> page = after.isPresent() ? events.page(filter, after.get(), limit) : events.recent(filter, 0, limit);
        page.forEach(e -> items.add(EventJson.of(e)));
        send(ctx, 200, JSON.createObjectNode().set("items", items));
    }

    /**
     * Server-sent events. What the request asks is checked before the stream starts: once it has,
     * the status is 200 and an error can no longer be a problem document.
     */
    private void streamEvents(Context ctx) throws Exception {
        long after = afterParam(ctx).orElse(0L);
        // without it Javalin's SSE handler would answer an empty 200
        if (!Optional.ofNullable(ctx.header("Accept")).orElse("").contains("text/event-stream")) {
            throw Problem.error(406, "not-acceptable", "Not acceptable", "this is a server-sent event stream: send Accept: text/event-stream");
        }
        new io.javalin.http.sse.SseHandler(client -> stream(client, after)).handle(ctx);
    }

    /** The backlog after {@code after}, then live events, until the client goes. */
    private void stream(io.javalin.http.sse.SseClient client, long after) {
        Context ctx = client.ctx();
        List<Event> backlog = new ArrayList<>();
        try (EventHub.Subscription sub = events.subscribe(dev.galactic.controller.events.EventFilter.of(caller(ctx), List.of()), after, backlog)) {
            client.sendComment("galactic events");
            for (Event e : backlog) client.sendEvent(e.type().wire(), JSON.writeValueAsString(EventJson.of(e)), Long.toString(e.seq()));
            while (!client.terminated() && !sub.overflowed()) {
                Event e = sub.poll(10_000);
                if (e == null) client.sendComment("keep-alive");
                else client.sendEvent(e.type().wire(), JSON.writeValueAsString(EventJson.of(e)), Long.toString(e.seq()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- tokens

    private void listTokens(Context ctx) {
        requireOperator(ctx);
        ArrayNode arr = JSON.createArrayNode();
        for (TokenStore.Token t : tokens.list()) {
            ObjectNode n = arr.addObject().put("id", t.id()).put("role", t.isAdmin() ? "operator" : t.isNode() ? "node" : "tenant")
                    .put("description", t.description()).put("createdAt", t.createdAt().toString());
            if (t.tenant() != null) n.put("tenant", t.tenant());
            if (t.node() != null) n.put("node", t.node());
        }
        send(ctx, 200, JSON.createObjectNode().set("items", arr));
    }

    private void createToken(Context ctx) {
        requireOperator(ctx);
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body().isBlank() ? "{}" : ctx.body());
        } catch (JsonProcessingException e) {
            throw Problem.error(400, "malformed", "Malformed JSON", e.getOriginalMessage());
        }
        TokenRequest request = switch (TokenRequest.parse(body)) {
            case TokenRequest.Parsed.Ok ok -> ok.request();
            case TokenRequest.Parsed.Invalid bad -> throw new Problem.Exception(new Problem("urn:galactic:problem:malformed",
                    "Invalid token request", 400, bad.errors().size() + " problem(s); no token was made", bad.errors()));
        };
        String description = request.description() != null ? request.description() : switch (request.owner()) {
            case TokenRequest.Owner.Operator o -> "operator token";
            case TokenRequest.Owner.Tenant t -> "token for tenant " + t.name();
            case TokenRequest.Owner.Node n -> "agent of node " + n.name();
        };
        TokenStore.Issued issued;
        try {
            issued = switch (request.owner()) {
                case TokenRequest.Owner.Operator o -> tokens.create(null, description, clock.instant());
                case TokenRequest.Owner.Tenant t -> tokens.create(t.name(), description, clock.instant());
                case TokenRequest.Owner.Node n -> tokens.createForNode(n.name(), description, clock.instant());
            };
        } catch (TokenStore.OwnerGone e) {
            boolean node = request.owner() instanceof TokenRequest.Owner.Node;
            throw new Problem.Exception(new Problem("urn:galactic:problem:invalid", "Invalid token request", 422,
                    e.getMessage() + "; apply the " + (node ? "Node" : "Tenant") + " first",
                    List.of(new Problem.FieldProblem(null, null, node ? "/node" : "/tenant", e.getMessage()))));
        }
        ObjectNode out = JSON.createObjectNode().put("id", issued.token().id()).put("token", issued.secret());
        switch (request.owner()) {
            case TokenRequest.Owner.Operator o -> out.put("role", "operator");
            case TokenRequest.Owner.Tenant t -> out.put("role", "tenant").put("tenant", t.name());
            case TokenRequest.Owner.Node n -> out.put("role", "node").put("node", n.name());
        }
        send(ctx, 201, out.put("description", description));
    }

    private void deleteToken(Context ctx) {
        requireOperator(ctx);
        if (!tokens.delete(ctx.pathParam("id"))) {
            throw Problem.error(404, "not-found", "Not found", "token " + ctx.pathParam("id") + " does not exist");
        }
        send(ctx, 200, JSON.createObjectNode().put("deleted", ctx.pathParam("id")));
    }

    // ---- plumbing

    private static void problem(Context ctx, Problem p) {
        try {
            ctx.status(p.status()).contentType(Problem.CONTENT_TYPE).result(JSON.writeValueAsString(p));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Response types with their charset said: a servlet response without one is ISO-8859-1, which
     * turned every non-Latin-1 character into '?'.
     */
    public static final String JSON_UTF8 = "application/json; charset=utf-8";
    public static final String YAML_UTF8 = "application/yaml; charset=utf-8";

    public static void send(Context ctx, int status, JsonNode body) {
        try {
            boolean yaml = Optional.ofNullable(ctx.header("Accept")).map(a -> a.contains("yaml")).orElse(false);
            if (yaml) ctx.status(status).contentType(YAML_UTF8).result(ResourceCodec.yaml().writeValueAsString(body));
            else ctx.status(status).contentType(JSON_UTF8).result(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String swaggerPage() {
        String base = "/webjars/swagger-ui/" + SWAGGER_UI_VERSION;
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Galactic API</title>
                <link rel="stylesheet" href="%1$s/swagger-ui.css"></head><body><div id="ui"></div>
                <script src="%1$s/swagger-ui-bundle.js"></script>
                <script>SwaggerUIBundle({url: '/openapi.json', dom_id: '#ui', persistAuthorization: true});</script>
                </body></html>""".formatted(base);
    }

    private static final String SWAGGER_UI_VERSION = swaggerUiVersion();

    private static String swaggerUiVersion() {
        try (var in = ApiServer.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            var p = new java.util.Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "5.34.1");
        } catch (java.io.IOException e) {
            return "5.34.1";
        }
    }
}

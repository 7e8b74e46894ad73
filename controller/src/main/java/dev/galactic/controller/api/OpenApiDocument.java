package dev.galactic.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.RecordBinder;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.1 description of the API, built from the same records the API binds, so the
 * document cannot drift from what the server accepts.
 */
public final class OpenApiDocument {

    private final Map<String, Schema<?>> schemas = new LinkedHashMap<>();

    private OpenApiDocument() {
    }

    public static String json(String version) {
        return Json31.pretty(new OpenApiDocument().build(version));
    }

    private OpenAPI build(String version) {
        OpenAPI api = new OpenAPI(SpecVersion.V31).openapi("3.1.0")
                .info(new Info().title("Galactic VPC API").version(version)
                        .description("Network as code for the Galactic backbone: declare tenants, VPCs, attachments and traffic "
                                + "classes; the controller computes SLA-aware SRv6 paths and programs the nodes.")
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")));
        Components components = new Components();
        components.addSecuritySchemes("token", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("An operator (admin) token or a tenant token"));
        api.addSecurityItem(new SecurityRequirement().addList("token"));

        Schema<?> resource = new Schema<>().types(java.util.Set.of("object"));
        List<Schema> oneOf = new java.util.ArrayList<>();
        for (Kind k : Kind.values()) {
            Schema<?> s = new Schema<>().types(java.util.Set.of("object")).additionalProperties(false)
                    .addProperty("apiVersion", new Schema<>().types(java.util.Set.of("string"))._const(dev.galactic.core.model.Resource.API_VERSION))
                    .addProperty("kind", new Schema<>().types(java.util.Set.of("string"))._const(k.wireName()))
                    .addProperty("metadata", ref(dev.galactic.core.model.ObjectMeta.class))
                    .addProperty("spec", ref(k.specType()))
                    .addProperty("status", new Schema<>().types(java.util.Set.of("object")).description("written by the controller"));
            s.required(List.of("apiVersion", "kind", "metadata"));
            schemas.put(k.wireName() + "Resource", s);
            oneOf.add(new Schema<>().$ref("#/components/schemas/" + k.wireName() + "Resource"));
        }
        resource.oneOf(oneOf);
        schemas.put("Resource", resource);
        schemas.put("Problem", problemSchema());

        Paths paths = new Paths();
        paths.addPathItem("/healthz", new PathItem().get(op("Liveness", "health").security(List.of())
                .responses(ok("the process is up"))));
        paths.addPathItem("/readyz", new PathItem().get(op("Readiness: the database answers", "health").security(List.of())
                .responses(ok("ready").addApiResponse("503", problem("not ready")))));
        paths.addPathItem("/api/v1/apply", new PathItem().post(batchOp("Create or update resources atomically",
                "Applies a batch (one document, several YAML documents, a JSON array or a List) in one transaction: all or nothing. "
                        + "metadata.resourceVersion makes an item conditional (409 when stale).")));
        paths.addPathItem("/api/v1/delete", new PathItem().post(batchOp("Delete resources atomically",
                "Deletes every resource named in the batch, or none. A resource still referenced by another is refused (409).")));
        for (Kind k : Kind.values()) {
            String tag = k.wireName();
            Operation list = op("List " + k.plural(), tag).addParametersItem(query("tenant", "only this tenant's"))
                    .addParametersItem(query("selector", "label selector, like env=prod,tier!=web"))
                    .responses(jsonList("the " + k.plural() + " the token may see").addApiResponse("400", problem("a malformed selector")));
            paths.addPathItem("/api/v1/" + k.plural(), new PathItem().get(list));
            if (k.scope() != Kind.Scope.TENANT) {
                paths.addPathItem("/api/v1/" + k.plural() + "/{name}", new PathItem()
                        .addParametersItem(pathParam("name"))
                        .get(op("Get a " + tag, tag).responses(jsonOne().addApiResponse("404", problem("no such " + tag))))
                        .delete(deleteOp("Delete a " + tag, tag)));
            }
            if (k.scope() != Kind.Scope.CLUSTER) {
                paths.addPathItem("/api/v1/tenants/{tenant}/" + k.plural(), new PathItem().addParametersItem(pathParam("tenant"))
                        .get(op("List a tenant's " + k.plural(), tag).addParametersItem(query("selector", "label selector"))
                                .responses(jsonList("the tenant's " + k.plural()).addApiResponse("400", problem("a malformed selector")))));
                paths.addPathItem("/api/v1/tenants/{tenant}/" + k.plural() + "/{name}", new PathItem()
                        .addParametersItem(pathParam("tenant")).addParametersItem(pathParam("name"))
                        .get(op("Get a tenant's " + tag, tag).responses(jsonOne().addApiResponse("404", problem("no such " + tag))))
                        .delete(deleteOp("Delete a tenant's " + tag, tag)));
            }
        }
        paths.addPathItem("/api/v1/tokens", new PathItem()
                .get(op("List API tokens (operator)", "tokens").responses(ok("tokens without their secrets")))
                .post(op("Create a token (operator); the secret is returned once", "tokens")
                        .requestBody(new RequestBody().content(new Content().addMediaType("application/json", new MediaType()
                                .schema(new Schema<>().types(java.util.Set.of("object")).additionalProperties(false)
                                        .description("{\"tenant\": T}, {\"node\": N} or {\"role\": \"operator\"}: an operator token only when asked for by name")
                                        .addProperty("role", new Schema<String>().types(java.util.Set.of("string"))._enum(List.of("operator", "tenant", "node")))
                                        .addProperty("tenant", new Schema<>().types(java.util.Set.of("string")))
                                        .addProperty("node", new Schema<>().types(java.util.Set.of("string")))
                                        .addProperty("description", new Schema<>().types(java.util.Set.of("string")).maxLength(200))))))
                        .responses(new ApiResponses().addApiResponse("201", new ApiResponse().description("created"))
                                .addApiResponse("400", problem("unknown or mistyped field, or no owner named"))
                                .addApiResponse("403", problem("not an operator token"))
                                .addApiResponse("422", problem("no such tenant or node")))));
        paths.addPathItem("/api/v1/tokens/{id}", new PathItem().addParametersItem(pathParam("id"))
                .delete(op("Revoke a token (operator)", "tokens").responses(ok("revoked").addApiResponse("404", problem("no such token")))));
        paths.addPathItem("/api/v1/tenants/{tenant}/attachments/{name}/routes", new PathItem().addParametersItem(pathParam("tenant"))
                .addParametersItem(pathParam("name")).get(op("An attachment's BGP session: state, received prefixes accepted or rejected "
                        + "(reason and why), prefixes its edge advertises", "bgp").responses(ok("the session view")
                        .addApiResponse("404", problem("no such attachment, or another tenant's")))));
        paths.addPathItem("/api/v1/whoami", new PathItem().get(op("Who the token belongs to", "tokens").responses(ok("role and tenant"))));
        documentation(paths);
        events(paths);
        telemetry(paths);
        paths.addPathItem("/api/v1/tenants/{tenant}/vpcs/{name}/paths", new PathItem().addParametersItem(pathParam("tenant"))
                .addParametersItem(pathParam("name")).get(op("A VPC's computed paths: per traffic class and site pair, the primary "
                        + "(why it won, the runner-up), the disjoint backup, any SLA violation, and the SRv6 segment lists", "paths")
                        .responses(ok("one result per traffic class and ordered site pair").addApiResponse("404", problem("no such VPC, or another tenant's")))));
        paths.addPathItem("/api/v1/tenants/{tenant}/vpcs/{name}/compliance", new PathItem().addParametersItem(pathParam("tenant"))
                .addParametersItem(pathParam("name")).get(op("A VPC's SLA compliance per traffic class: seconds observed, the fraction "
                        + "that met the SLA, hour by hour", "paths").addParametersItem(param(PathRoutes.HOURS))
                        .responses(ok("per class").addApiResponse("400", problem("hours is not an integer in its range"))
                                .addApiResponse("404", problem("no such VPC, or another tenant's")))));
        paths.addPathItem("/api/v1/nodes/{name}/config", new PathItem().addParametersItem(pathParam("name"))
                .get(op("A node's desired config with its version and hash (operator)", "nodes")
                        .responses(ok("the NodeConfig its agent receives").addApiResponse("403", problem("not an operator token"))
                                .addApiResponse("404", problem("no such node, or no locator yet")))));
        Operation deliveries = op("A webhook's delivery log: every attempt, newest first", "webhooks")
                .addParametersItem(param(WebhookRoutes.LIMIT))
                .responses(ok("the attempts").addApiResponse("400", problem("limit is not an integer in its range"))
                        .addApiResponse("404", problem("no such webhook, or another tenant's")));
        paths.addPathItem("/api/v1/tenants/{tenant}/webhooks/{name}/deliveries", new PathItem().addParametersItem(pathParam("tenant"))
                .addParametersItem(pathParam("name")).get(deliveries));
        paths.addPathItem("/api/v1/webhooks/{name}/deliveries", new PathItem().addParametersItem(pathParam("name")).get(deliveries));
        paths.addPathItem(dev.galactic.core.agent.AgentProtocol.PATH, new PathItem().get(op("An agent's WebSocket (node token): "
                + "plans and configs one way, samples and route reports the other", "agents")
                .description("A WebSocket upgrade; the messages are described in docs/api.md (Agents)")
                .responses(new ApiResponses().addApiResponse("101", new ApiResponse().description("switching to the WebSocket"))
                        .addApiResponse("401", problem("no or unknown token")).addApiResponse("403", problem("not a node token"))
                        .addApiResponse("426", problem("a plain request, not a WebSocket upgrade")))));
        api.paths(paths);
        // after the paths: some of them add the schemas of what they take
        components.schemas(new java.util.TreeMap<>(schemas));
        api.components(components);
        return api;
    }

    /** The server's own descriptions: this document, its UI, and the metrics. */
    private static void documentation(Paths paths) {
        paths.addPathItem("/openapi.json", new PathItem().get(op("This document", "docs").security(List.of())
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("the OpenAPI 3.1 document")
                        .content(new Content().addMediaType("application/json", new MediaType()))))));
        paths.addPathItem("/swagger", new PathItem().get(op("Swagger UI for this document", "docs").security(List.of())
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("an HTML page")
                        .content(new Content().addMediaType("text/html", new MediaType()))))));
        paths.addPathItem("/metrics", new PathItem().get(op("Prometheus metrics: the backbone's without a token, a tenant's series "
                + "with its token, everyone's with the operator's", "metrics")
                .security(List.of(new SecurityRequirement(), new SecurityRequirement().addList("token")))
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("the Prometheus text format")
                        .content(new Content().addMediaType("text/plain", new MediaType())))
                        .addApiResponse("401", problem("an unknown token")))));
    }

    private static void events(Paths paths) {
        paths.addPathItem("/api/v1/events", new PathItem().get(op("Recent events (the last 10,000 are kept), oldest first", "events")
                .addParametersItem(param(ApiServer.EVENTS_AFTER)).addParametersItem(param(ApiServer.EVENTS_LIMIT))
                .addParametersItem(query("type", "only events whose type starts with one of these comma-separated prefixes, like resource.,link.status"))
                .responses(ok("the events").addApiResponse("400", problem("after or limit is not an integer in its range")))));
        paths.addPathItem("/api/v1/events/stream", new PathItem().get(op("The same events as server-sent events: the retained ones "
                + "after after (or Last-Event-ID), then live ones", "events")
                .addParametersItem(param(ApiServer.EVENTS_AFTER))
                .addParametersItem(new Parameter().in("header").name(ApiServer.LAST_EVENT_ID.name()).description(ApiServer.LAST_EVENT_ID.description())
                        .schema(integer(ApiServer.LAST_EVENT_ID)))
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("the stream; it does not end")
                                .content(new Content().addMediaType("text/event-stream", new MediaType().schema(new Schema<>().types(java.util.Set.of("string"))))))
                        .addApiResponse("400", problem("after or Last-Event-ID is not an event sequence number"))
                        .addApiResponse("401", problem("no or unknown token"))
                        .addApiResponse("406", problem("the request does not accept text/event-stream")))));
    }

    private void telemetry(Paths paths) {
        String tag = "telemetry";
        paths.addPathItem("/api/v1/linkstates", new PathItem().get(op("Every directed underlay link: status, one-way latency, jitter, "
                + "loss, RTT percentiles, samples, freshness", tag).responses(ok("one item per directed link"))));
        paths.addPathItem("/api/v1/telemetry", new PathItem().post(op("A sample batch from a producer other than an agent (operator)", tag)
                .requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json",
                        new MediaType().schema(jacksonRecord(dev.galactic.core.telemetry.SampleBatch.class))))).responses(new ApiResponses()
                        .addApiResponse("202", new ApiResponse().description("what was accepted, and why the rest was refused"))
                        .addApiResponse("400", problem("malformed JSON"))
                        .addApiResponse("401", problem("no or unknown token")).addApiResponse("403", problem("not an operator token"))
                        .addApiResponse("422", problem("the batch was refused as a whole (replayed, no agentId, …)"))
                        .addApiResponse("429", problem("ingest is saturated: retry after Retry-After seconds")))));
        paths.addPathItem("/api/v1/probeplans/{node}", new PathItem().addParametersItem(pathParam("node")).get(op(
                "What a node's agent probes, how often, and its iperf3 slots (operator)", tag).responses(ok("the node's probe plan")
                .addApiResponse("403", problem("not an operator token")).addApiResponse("404", problem("no such node")))));
        paths.addPathItem("/api/v1/linkstates/{from}/{to}/history", new PathItem().addParametersItem(pathParam("from"))
                .addParametersItem(pathParam("to")).get(op("One directed link's history, a row a minute (kept 7 days)", tag)
                        .addParametersItem(param(TelemetryRoutes.MINUTES))
                        .addParametersItem(time("from", "from this time (RFC 3339) instead of minutes ago"))
                        .addParametersItem(time("to", "up to this time (RFC 3339); now by default"))
                        .responses(ok("the rows, oldest first").addApiResponse("400", problem("minutes, from or to is out of range or malformed")))));
        paths.addPathItem("/api/v1/telemetry/export", new PathItem().get(op("Raw samples still in memory (operator)", tag)
                .addParametersItem(time("from", "from this time (RFC 3339); 5 minutes ago by default"))
                .addParametersItem(time("to", "up to this time (RFC 3339); now by default"))
                .addParametersItem(query("link", "only this directed link: FROM,TO, like fra,ams"))
                .addParametersItem(param(TelemetryRoutes.FORMAT))
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("the samples")
                                .content(new Content().addMediaType("application/jsonl", new MediaType()).addMediaType("text/csv", new MediaType())))
                        .addApiResponse("400", problem("a malformed time, link or format"))
                        .addApiResponse("401", problem("no or unknown token")).addApiResponse("403", problem("not an operator token")))));
        Schema<?> impairment = new Schema<>().types(java.util.Set.of("object")).additionalProperties(false)
                .addProperty("a", new Schema<>().types(java.util.Set.of("string")).description("a node"))
                .addProperty("b", new Schema<>().types(java.util.Set.of("string")).description("another node"))
                .addProperty("delayMs", new Schema<>().types(java.util.Set.of("number")).minimum(java.math.BigDecimal.ZERO).maximum(java.math.BigDecimal.valueOf(60_000)))
                .addProperty("jitterMs", new Schema<>().types(java.util.Set.of("number")).minimum(java.math.BigDecimal.ZERO).maximum(java.math.BigDecimal.valueOf(60_000)))
                .addProperty("lossPercent", new Schema<>().types(java.util.Set.of("number")).minimum(java.math.BigDecimal.ZERO)
                        .maximum(java.math.BigDecimal.valueOf(100)))
                .addProperty("seconds", new Schema<Object>().types(java.util.Set.of("integer")).minimum(java.math.BigDecimal.ONE)
                        .maximum(java.math.BigDecimal.valueOf(86_400))._default(60));
        impairment.required(List.of("a", "b"));
        ApiResponse simulationOff = problem("the controller takes telemetry from agents: impairments exist in the demo only");
        paths.addPathItem("/api/v1/simulation/impairments", new PathItem()
                .get(op("The demo's simulated impairments", "simulation").responses(ok("the impairments in force").addApiResponse("404", simulationOff)))
                .post(op("Impair a simulated link for a while (operator)", "simulation")
                        .requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json", new MediaType().schema(impairment))))
                        .responses(new ApiResponses().addApiResponse("201", new ApiResponse().description("the impairment, with when it ends"))
                                .addApiResponse("400", problem("malformed JSON")).addApiResponse("401", problem("no or unknown token"))
                                .addApiResponse("403", problem("not an operator token")).addApiResponse("404", simulationOff)
                                .addApiResponse("422", problem("every out-of-range field")))));
        paths.addPathItem("/api/v1/simulation/impairments/{a}/{b}", new PathItem().addParametersItem(pathParam("a")).addParametersItem(pathParam("b"))
                .delete(op("End a simulated impairment (operator)", "simulation").responses(ok("cleared")
                        .addApiResponse("403", problem("not an operator token")).addApiResponse("404", simulationOff))));
    }

    private Operation deleteOp(String summary, String tag) {
        return op(summary, tag).addParametersItem(param(ApiServer.RESOURCE_VERSION)).addParametersItem(param(ApiServer.DRY_RUN))
                .responses(jsonOne().addApiResponse("400", problem("resourceVersion or dryRun is malformed"))
                        .addApiResponse("404", problem("no such " + tag)).addApiResponse("409", problem("stale or still in use")));
    }

    /** A query parameter as the server reads it: its type, range, choices and default come from the same definition. */
    private static Parameter param(QueryParam p) {
        Schema<?> schema = switch (p) {
            case QueryParam.Bounded b -> integer(b);
            case QueryParam.Flag f -> new Schema<Object>().types(java.util.Set.of("boolean"))._default(false);
            case QueryParam.Choice c -> {
                Schema<String> e = new Schema<String>().types(java.util.Set.of("string"));
                e._enum(c.values());
                yield e._default(c.fallback());
            }
        };
        return new Parameter().in("query").name(p.name()).description(p.description()).schema(schema);
    }

    private static Schema<?> integer(QueryParam.Bounded b) {
        Schema<Object> s = new Schema<Object>().types(java.util.Set.of("integer")).format("int64")
                .minimum(java.math.BigDecimal.valueOf(b.min())).maximum(java.math.BigDecimal.valueOf(b.max()));
        return b.fallback() == null ? s : s._default(b.fallback());
    }

    private static Parameter time(String name, String description) {
        return new Parameter().in("query").name(name).description(description)
                .schema(new Schema<>().types(java.util.Set.of("string")).format("date-time"));
    }

    /**
     * The schema of a record as Jackson's defaults read it (enum constants by name, a sealed
     * interface by its JsonSubTypes and their "kind"): the shape agents send samples in.
     */
    private Schema<?> jacksonRecord(Class<?> type) {
        String name = schemaName(type);
        if (!schemas.containsKey(name)) {
            Schema<?> s = new Schema<>().types(java.util.Set.of("object")).additionalProperties(false);
            schemas.put(name, s);
            if (type.isInterface()) {
                var info = type.getAnnotation(com.fasterxml.jackson.annotation.JsonTypeInfo.class);
                List<Schema> variants = new java.util.ArrayList<>();
                for (var sub : type.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class).value()) {
                    Schema<?> v = new Schema<>().types(java.util.Set.of("object")).additionalProperties(false)
                            .addProperty(info.property(), new Schema<>().types(java.util.Set.of("string"))._const(sub.name()));
                    for (RecordComponent c : sub.value().getRecordComponents()) v.addProperty(c.getName(), jacksonValue(c.getGenericType()));
                    v.required(List.of(info.property()));
                    String variant = schemaName(sub.value());
                    schemas.put(variant, v);
                    variants.add(new Schema<>().$ref("#/components/schemas/" + variant));
                }
                s.types(null).additionalProperties(null).oneOf(variants);
            } else {
                for (RecordComponent c : type.getRecordComponents()) s.addProperty(c.getName(), jacksonValue(c.getGenericType()));
            }
        }
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    private Schema<?> jacksonValue(Type t) {
        Class<?> raw = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
        if (raw == long.class || raw == int.class) return new Schema<>().types(java.util.Set.of("integer"));
        if (raw == double.class) return new Schema<>().types(java.util.Set.of("number"));
        if (raw == boolean.class) return new Schema<>().types(java.util.Set.of("boolean"));
        if (raw.isEnum()) {
            Schema<String> s = new Schema<String>().types(java.util.Set.of("string"));
            s._enum(Arrays.stream(raw.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList());
            return s;
        }
        if (raw == List.class) return new Schema<>().types(java.util.Set.of("array")).items(jacksonValue(((ParameterizedType) t).getActualTypeArguments()[0]));
        if (raw.isRecord() || raw.isInterface()) return jacksonRecord(raw);
        return schemaOf(t);
    }

    private static Operation op(String summary, String tag) {
        return new Operation().summary(summary).addTagsItem(tag);
    }

    private Operation batchOp(String summary, String description) {
        Content body = new Content()
                .addMediaType("application/yaml", new MediaType().schema(new Schema<>().types(java.util.Set.of("string"))))
                .addMediaType("application/json", new MediaType().schema(new Schema<>().oneOf(List.of(
                        new Schema<>().$ref("#/components/schemas/Resource"),
                        new Schema<>().types(java.util.Set.of("array")).items(new Schema<>().$ref("#/components/schemas/Resource"))))));
        return op(summary, "apply").description(description)
                .addParametersItem(param(ApiServer.DRY_RUN))
                .requestBody(new RequestBody().required(true).content(body))
                .responses(ok("what changed, per resource, with field-level diffs")
                        .addApiResponse("400", problem("malformed YAML or JSON, an unknown kind, or dryRun neither true nor false"))
                        .addApiResponse("403", problem("the token may not change these resources"))
                        .addApiResponse("409", problem("a resourceVersion is stale, or a deleted resource is still in use"))
                        .addApiResponse("413", problem("the body is over the size limit"))
                        .addApiResponse("422", problem("invalid resources: every offending field by JSON pointer")));
    }

    private static Parameter query(String name, String description) {
        return new Parameter().in("query").name(name).description(description).schema(new Schema<>().types(java.util.Set.of("string")));
    }

    private static Parameter pathParam(String name) {
        return new Parameter().in("path").name(name).required(true).schema(new Schema<>().types(java.util.Set.of("string")));
    }

    private static ApiResponses ok(String description) {
        return new ApiResponses().addApiResponse("200", new ApiResponse().description(description)
                .content(new Content().addMediaType("application/json", new MediaType().schema(new Schema<>().types(java.util.Set.of("object"))))))
                .addApiResponse("401", problem("no or unknown token"));
    }

    private static ApiResponses jsonOne() {
        return new ApiResponses().addApiResponse("200", new ApiResponse().description("the resource")
                .content(new Content().addMediaType("application/json", new MediaType().schema(new Schema<>().$ref("#/components/schemas/Resource")))))
                .addApiResponse("401", problem("no or unknown token"));
    }

    private static ApiResponses jsonList(String description) {
        return new ApiResponses().addApiResponse("200", new ApiResponse().description(description)
                .content(new Content().addMediaType("application/json", new MediaType().schema(new Schema<>().types(java.util.Set.of("object"))
                        .addProperty("items", new Schema<>().types(java.util.Set.of("array")).items(new Schema<>().$ref("#/components/schemas/Resource")))))))
                .addApiResponse("401", problem("no or unknown token"));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(Problem.MEDIA_TYPE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
    }

    private Schema<?> problemSchema() {
        return new Schema<>().types(java.util.Set.of("object"))
                .addProperty("type", new Schema<>().types(java.util.Set.of("string")))
                .addProperty("title", new Schema<>().types(java.util.Set.of("string")))
                .addProperty("status", new Schema<>().types(java.util.Set.of("integer")))
                .addProperty("detail", new Schema<>().types(java.util.Set.of("string")))
                .addProperty("errors", new Schema<>().types(java.util.Set.of("array")).items(new Schema<>().types(java.util.Set.of("object"))
                        .addProperty("item", new Schema<>().types(java.util.Set.of("integer")))
                        .addProperty("resource", new Schema<>().types(java.util.Set.of("string")))
                        .addProperty("pointer", new Schema<>().types(java.util.Set.of("string")).description("RFC 6901 JSON pointer into the resource"))
                        .addProperty("reason", new Schema<>().types(java.util.Set.of("string")))));
    }

    /** A $ref to the schema of a record, adding it (and what it uses) to the components. */
    private Schema<?> ref(Class<?> record) {
        String name = schemaName(record);
        if (!schemas.containsKey(name)) {
            Schema<?> s = new Schema<>().types(java.util.Set.of("object")).additionalProperties(false);
            schemas.put(name, s);
            for (RecordComponent c : record.getRecordComponents()) s.addProperty(c.getName(), schemaOf(c.getGenericType()));
        }
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    private static String schemaName(Class<?> c) {
        return c.getEnclosingClass() == null ? c.getSimpleName() : c.getEnclosingClass().getSimpleName() + c.getSimpleName();
    }

    private Schema<?> schemaOf(Type t) {
        Class<?> raw = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
        if (raw == String.class) return new Schema<>().types(java.util.Set.of("string"));
        if (raw == Integer.class || raw == Long.class) return new Schema<>().types(java.util.Set.of("integer"));
        if (raw == Double.class) return new Schema<>().types(java.util.Set.of("number"));
        if (raw == Boolean.class) return new Schema<>().types(java.util.Set.of("boolean"));
        if (raw == Instant.class) return new Schema<>().types(java.util.Set.of("string")).format("date-time");
        if (raw == JsonNode.class) return new Schema<>().types(java.util.Set.of("object"));
        if (raw.isEnum()) {
            Schema<String> s = new Schema<String>().types(java.util.Set.of("string"));
            s._enum(Arrays.stream(raw.getEnumConstants()).map(e -> RecordBinder.wireName((Enum<?>) e)).toList());
            return s;
        }
        if (raw == List.class) {
            return new Schema<>().types(java.util.Set.of("array")).items(schemaOf(((ParameterizedType) t).getActualTypeArguments()[0]));
        }
        if (raw == Map.class) {
            return new Schema<>().types(java.util.Set.of("object")).additionalProperties(new Schema<>().types(java.util.Set.of("string")));
        }
        if (raw.isRecord()) return ref(raw);
        throw new IllegalStateException("no schema for " + t);
    }
}

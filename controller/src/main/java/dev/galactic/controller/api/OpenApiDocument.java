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
        components.schemas(new java.util.TreeMap<>(schemas));
        api.components(components);

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
                    .responses(jsonList("the " + k.plural() + " the token may see"));
            paths.addPathItem("/api/v1/" + k.plural(), new PathItem().get(list));
            if (k.scope() != Kind.Scope.TENANT) {
                paths.addPathItem("/api/v1/" + k.plural() + "/{name}", new PathItem()
                        .addParametersItem(pathParam("name"))
                        .get(op("Get a " + tag, tag).responses(jsonOne().addApiResponse("404", problem("no such " + tag))))
                        .delete(op("Delete a " + tag, tag).addParametersItem(query("resourceVersion", "delete only at this version"))
                                .responses(jsonOne().addApiResponse("404", problem("no such " + tag)).addApiResponse("409", problem("stale or still in use")))));
            }
            if (k.scope() != Kind.Scope.CLUSTER) {
                paths.addPathItem("/api/v1/tenants/{tenant}/" + k.plural(), new PathItem().addParametersItem(pathParam("tenant"))
                        .get(op("List a tenant's " + k.plural(), tag).addParametersItem(query("selector", "label selector"))
                                .responses(jsonList("the tenant's " + k.plural()))));
                paths.addPathItem("/api/v1/tenants/{tenant}/" + k.plural() + "/{name}", new PathItem()
                        .addParametersItem(pathParam("tenant")).addParametersItem(pathParam("name"))
                        .get(op("Get a tenant's " + tag, tag).responses(jsonOne().addApiResponse("404", problem("no such " + tag))))
                        .delete(op("Delete a tenant's " + tag, tag).addParametersItem(query("resourceVersion", "delete only at this version"))
                                .responses(jsonOne().addApiResponse("404", problem("no such " + tag)).addApiResponse("409", problem("stale or still in use")))));
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
                                .addApiResponse("422", problem("no such tenant or node")))));
        paths.addPathItem("/api/v1/tokens/{id}", new PathItem().addParametersItem(pathParam("id"))
                .delete(op("Revoke a token (operator)", "tokens").responses(ok("revoked").addApiResponse("404", problem("no such token")))));
        paths.addPathItem("/api/v1/tenants/{tenant}/attachments/{name}/routes", new PathItem().addParametersItem(pathParam("tenant"))
                .addParametersItem(pathParam("name")).get(op("An attachment's BGP session: state, received prefixes accepted or rejected "
                        + "(reason and why), prefixes its edge advertises", "bgp").responses(ok("the session view")
                        .addApiResponse("404", problem("no such attachment, or another tenant's")))));
        paths.addPathItem("/api/v1/whoami", new PathItem().get(op("Who the token belongs to", "tokens").responses(ok("role and tenant"))));
        api.paths(paths);
        return api;
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
                .addParametersItem(query("dryRun", "true: say what would change, change nothing"))
                .requestBody(new RequestBody().required(true).content(body))
                .responses(ok("what changed, per resource, with field-level diffs")
                        .addApiResponse("400", problem("malformed YAML or JSON"))
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

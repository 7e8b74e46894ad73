package dev.galactic.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.galactic.core.model.ResourceCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations of an OpenAPI document, set against the routes the server registered and the
 * operations the API guide lists, so that none of the three can forget one the others have.
 */
record OpenApiRoutes(JsonNode document, List<Operation> operations) {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** A method and a path template, like GET /api/v1/nodes/{name}. */
    record Operation(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static OpenApiRoutes of(String json) {
        try {
            JsonNode doc = ResourceCodec.json().readTree(json);
            List<Operation> ops = new ArrayList<>();
            doc.path("paths").properties().forEach(p -> p.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) ops.add(new Operation(m.toUpperCase(Locale.ROOT), p.getKey()));
            }));
            return new OpenApiRoutes(doc, List.copyOf(ops));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static String[] segments(String path) {
        return path.replaceAll("^/+|/+$", "").split("/+");
    }

    /** Javalin's matching: a {parameter} of the route takes any one segment, the rest must be equal. */
    static boolean routeMatches(ApiServer.Route route, Operation op) {
        if (!route.method().equals(op.method())) return false;
        String[] r = segments(route.path()), p = segments(op.path());
        if (r.length != p.length) return false;
        for (int i = 0; i < r.length; i++) {
            // a documented {parameter} can be any value, so only a route's {parameter} takes it for sure
            if (!isParameter(r[i]) && !r[i].equals(p[i])) return false;
        }
        return true;
    }

    /** The route that answers an operation: the first registered one that matches it, as in Javalin. */
    static java.util.Optional<ApiServer.Route> servedBy(List<ApiServer.Route> routes, Operation op) {
        return routes.stream().filter(r -> routeMatches(r, op)).findFirst();
    }

    List<Operation> unserved(List<ApiServer.Route> routes) {
        return operations.stream().filter(op -> servedBy(routes, op).isEmpty()).toList();
    }

    List<ApiServer.Route> undocumented(List<ApiServer.Route> routes) {
        Set<ApiServer.Route> reached = new LinkedHashSet<>();
        operations.forEach(op -> servedBy(routes, op).ifPresent(reached::add));
        return routes.stream().filter(r -> !reached.contains(r)).toList();
    }

    /** Operations the guide lists (`GET /path`, `GET/POST /path`, `[/optional]` parts) that the document lacks. */
    List<Operation> missing(List<Operation> guide) {
        return guide.stream().filter(g -> operations.stream().noneMatch(op -> op.method().equals(g.method()) && covers(g.path(), op.path()))).toList();
    }

    /** A guide's {parameter} stands for any segment, a literal {kind} included. */
    private static boolean covers(String guidePath, String documentPath) {
        String[] g = segments(guidePath), d = segments(documentPath);
        if (g.length != d.length) return false;
        for (int i = 0; i < g.length; i++) if (!isParameter(g[i]) && !g[i].equals(d[i])) return false;
        return true;
    }

    private static final Pattern GUIDE_OPERATION = Pattern.compile("`((?:GET|POST|PUT|PATCH|DELETE)(?:/(?:GET|POST|PUT|PATCH|DELETE))*) (/[^`\\s]*)");

    static List<Operation> guideOperations(String markdown) {
        List<Operation> out = new ArrayList<>();
        Matcher m = GUIDE_OPERATION.matcher(markdown);
        while (m.find()) {
            String path = m.group(2).replaceAll("\\[\\?[^]]*]", "").replaceAll("\\?.*", "");
            List<String> variants = new ArrayList<>();
            Matcher optional = Pattern.compile("\\[(/[^]]*)]").matcher(path);
            if (optional.find()) {
                variants.add(path.substring(0, optional.start()) + path.substring(optional.end()));
                variants.add(path.substring(0, optional.start()) + optional.group(1) + path.substring(optional.end()));
            } else {
                variants.add(path);
            }
            for (String method : m.group(1).split("/")) variants.forEach(v -> out.add(new Operation(method, v)));
        }
        return List.copyOf(new LinkedHashSet<>(out));
    }

    JsonNode operation(Operation op) {
        return document.path("paths").path(op.path()).path(op.method().toLowerCase(Locale.ROOT));
    }

    /** The parameters of an operation: its own and its path item's. */
    List<JsonNode> parameters(Operation op) {
        List<JsonNode> out = new ArrayList<>();
        document.path("paths").path(op.path()).path("parameters").forEach(out::add);
        operation(op).path("parameters").forEach(out::add);
        return out;
    }

    List<Operation> withQueryParameter(String name) {
        return operations.stream().filter(op -> parameters(op).stream()
                .anyMatch(p -> "query".equals(p.path("in").asText()) && name.equals(p.path("name").asText()))).toList();
    }

    Set<String> responses(Operation op) {
        Set<String> out = new LinkedHashSet<>();
        operation(op).path("responses").fieldNames().forEachRemaining(out::add);
        return out;
    }
}

package dev.galactic.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galactic.core.model.ResourceCodec;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Bad input for every operation of the server's own OpenAPI document, made from what the
 * document says of it: wrong-typed, out-of-range, huge, negative, non-numeric, empty and
 * non-UTF-8 parameters; malformed, wrong-typed, deeply nested, huge and non-UTF-8 bodies;
 * missing, null and unknown fields; NUL bytes; methods the path does not have. Each answer must
 * be below 500, and each 4xx a problem+json that decodes as strict UTF-8 with status, title and
 * detail. Seeded, so that a finding replays.
 *
 * <p>Nothing it sends may change the fixture: bodies and deletes go with {@code dryRun=true}, and a
 * delete whose {@code dryRun} is the parameter under test carries a stale {@code resourceVersion}.
 */
final class GeneratedBadInput {

    static final long SEED = 15;

    /** Who sends: operator, tenant or nobody. */
    record Caller(String name, Http http) {
    }

    /**
     * One generated request.
     *
     * @param expect the one status this must get from an operator, or null for any below 500
     * @param mutation true for a mutated body, which goes to token holders only: without a token
     *                 every one of them is the same 401
     */
    record Attempt(OpenApiRoutes.Operation operation, String what, String method, String uri, Map<String, String> headers,
                   byte[] body, Duration patience, Integer expect, boolean mutation) {
    }

    /** An answer that broke the rules. */
    record Finding(String caller, Attempt attempt, int status, String why, String body) {
        @Override
        public String toString() {
            String uri = attempt.uri().length() > 160 ? attempt.uri().substring(0, 160) + "…" : attempt.uri();
            return caller + " " + attempt.method() + " " + uri + " [" + attempt.what() + "]"
                    + (body.isEmpty() ? "" : "\n      " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
        }
    }

    private static final ObjectMapper JSON = ResourceCodec.json();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Duration STREAM_PATIENCE = Duration.ofMillis(500);
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "TRACE");
    private static final int MUTATIONS_PER_SCHEMA = 24;

    private final OpenApiRoutes doc;
    private final Http operator;
    private final long maxBody;
    private final Random random = new Random(SEED);

    GeneratedBadInput(OpenApiRoutes doc, Http operator, long maxBody) {
        this.doc = doc;
        this.operator = operator;
        this.maxBody = maxBody;
    }

    // ---- running

    List<Finding> run(List<Caller> callers) {
        List<Attempt> attempts = attempts();
        List<Finding> findings = new ArrayList<>();
        long started = System.nanoTime();
        int sent = 0;
        for (Attempt a : attempts) {
            for (Caller c : callers) {
                if (a.mutation() && c.http().token() == null) continue;
                Http.Raw r = null;
                String noAnswer = null;
                // a server may answer a request it refuses before reading all of it (a URI over the
                // limit) and close; the reset can overtake the answer, so a missing one is tried again
                for (int tries = 0; r == null && tries < 3; tries++) {
                    try {
                        r = c.http().raw(a.method(), a.uri(), a.headers(), a.body(), a.patience());
                    } catch (AssertionError e) {
                        noAnswer = e.getMessage();
                    }
                }
                sent++;
                if (r == null) findings.add(new Finding(c.name(), a, -1, "no answer: " + noAnswer, ""));
                else findings.addAll(check(c, a, r));
            }
        }
        System.out.printf("generated bad input: %d requests to %d operations in %.1f s, seed %d%n", sent, doc.operations().size(),
                (System.nanoTime() - started) / 1e9, SEED);
        return findings;
    }

    private static List<Finding> check(Caller caller, Attempt a, Http.Raw r) {
        List<Finding> out = new ArrayList<>();
        String text = new String(r.body(), StandardCharsets.UTF_8);
        boolean stream = r.status() == 200 && r.contentType().startsWith("text/event-stream");
        if (r.status() >= 500) out.add(new Finding(caller.name(), a, r.status(), "a server error", text));
        if (!r.complete() && !stream) out.add(new Finding(caller.name(), a, r.status(), "the answer did not end within " + a.patience(), ""));
        if (a.expect() != null && caller.name().equals("operator") && r.status() != a.expect()) {
            out.add(new Finding(caller.name(), a, r.status(), "expected " + a.expect(), text));
        }
        if (r.status() >= 400 && r.status() < 500) problem(r).ifPresent(why -> out.add(new Finding(caller.name(), a, r.status(), why, text)));
        return out;
    }

    /** What is wrong with a 4xx body as a problem document, if anything. */
    private static Optional<String> problem(Http.Raw r) {
        if (!r.contentType().toLowerCase(Locale.ROOT).startsWith(Problem.MEDIA_TYPE)) return Optional.of("content type \"" + r.contentType() + "\"");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(r.body())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return Optional.of("the body is not UTF-8");
        }
        JsonNode p;
        try {
            p = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.of("the body is not JSON");
        }
        if (p.path("status").asInt() != r.status()) return Optional.of("status " + p.path("status") + " in the body");
        for (String field : List.of("title", "detail")) {
            if (!p.path(field).isTextual() || p.path(field).asText().isBlank()) return Optional.of("no " + field);
        }
        return Optional.empty();
    }

    // ---- generating

    List<Attempt> attempts() {
        List<Attempt> out = new ArrayList<>();
        // deletes last, though none of them should delete anything
        List<OpenApiRoutes.Operation> ops = new ArrayList<>(doc.operations());
        ops.sort((x, y) -> Boolean.compare(x.method().equals("DELETE"), y.method().equals("DELETE")));
        for (OpenApiRoutes.Operation op : ops) {
            Map<String, String> path = validPathParameters(op);
            Duration patience = streams(op) ? STREAM_PATIENCE : PATIENCE;
            List<JsonNode> params = doc.parameters(op);
            for (JsonNode p : params) {
                String name = p.path("name").asText();
                boolean inPath = "path".equals(p.path("in").asText());
                for (String bad : badValues(schema(p.path("schema")), inPath)) {
                    Map<String, String> pathValues = new LinkedHashMap<>(path);
                    Map<String, String> query = baselineQuery(op, name);
                    if (inPath) pathValues.put(name, bad);
                    else query.put(name, bad);
                    out.add(new Attempt(op, (inPath ? "path " : "query ") + name + "=" + abbreviate(bad), op.method(), uri(op, pathValues, query),
                            Map.of("Accept", "application/json, text/event-stream"), null, patience, null, false));
                }
            }
            out.add(new Attempt(op, "an unknown query parameter", op.method(), uri(op, path, with(baselineQuery(op, null), "zzz", "%00")),
                    Map.of(), null, patience, null, false));
            for (String authorization : List.of("Basic Zm9vOmJhcg==", "Bearer gx_nope_nope", "Bearer ", "bearer", "Bearer " + "ü".repeat(3))) {
                out.add(new Attempt(op, "Authorization: " + authorization, op.method(), uri(op, path, baselineQuery(op, null)),
                        Map.of("Authorization", authorization), null, patience, null, false));
            }
            JsonNode body = doc.operation(op).path("requestBody").path("content");
            if (!body.isMissingNode()) out.addAll(bodies(op, uri(op, path, baselineQuery(op, null)), body));
        }
        out.addAll(unsupportedMethods());
        return out;
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        m.put(k, v);
        return m;
    }

    /** Every path of the document, with the methods it does not have: 405 for an operator. */
    private List<Attempt> unsupportedMethods() {
        List<Attempt> out = new ArrayList<>();
        Map<String, Set<String>> byPath = new LinkedHashMap<>();
        doc.operations().forEach(op -> byPath.computeIfAbsent(op.path(), k -> new TreeSet<>()).add(op.method()));
        byPath.forEach((path, methods) -> {
            OpenApiRoutes.Operation any = new OpenApiRoutes.Operation(methods.iterator().next(), path);
            String uri = uri(any, validPathParameters(any), Map.of());
            for (String m : METHODS) {
                if (!methods.contains(m)) out.add(new Attempt(any, "unsupported method", m, uri, Map.of(), null, PATIENCE, 405, false));
            }
        });
        return out;
    }

    private boolean streams(OpenApiRoutes.Operation op) {
        return !doc.operation(op).path("responses").path("200").path("content").path("text/event-stream").isMissingNode();
    }

    /**
     * The query every attempt starts from: dry runs only, and a delete whose dryRun is under test
     * is made conditional on a version no resource has, so it cannot go through by mistake.
     */
    private Map<String, String> baselineQuery(OpenApiRoutes.Operation op, String underTest) {
        Map<String, String> q = new LinkedHashMap<>();
        Set<String> declared = declared(op);
        if (declared.contains("dryRun") && !"dryRun".equals(underTest)) q.put("dryRun", "true");
        if (op.method().equals("DELETE") && declared.contains("resourceVersion") && !"resourceVersion".equals(underTest)) {
            q.put("resourceVersion", "1");
        }
        return q;
    }

    private static String uri(OpenApiRoutes.Operation op, Map<String, String> pathValues, Map<String, String> query) {
        String path = op.path();
        for (Map.Entry<String, String> e : pathValues.entrySet()) path = path.replace("{" + e.getKey() + "}", e.getValue());
        if (query.isEmpty()) return path;
        return path + "?" + query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    /**
     * Path parameters that name something that exists, so a handler gets as far as its query and
     * body: each comes from the listing of the path before it (the first tenant whose webhooks
     * exist, say), or stays a placeholder where there is no listing.
     */
    private Map<String, String> validPathParameters(OpenApiRoutes.Operation op) {
        String[] segments = op.path().substring(1).split("/");
        Map<String, String> found = new LinkedHashMap<>();
        if (op.method().equals("DELETE") && !declared(op).contains("dryRun")) {
            // a delete that cannot be a dry run gets nothing real to delete (the operator's own token, say)
            for (String s : segments) if (s.startsWith("{")) found.put(s.substring(1, s.length() - 1), "x");
            return found;
        }
        resolve(segments, 0, "", found);
        return found;
    }

    private Set<String> declared(OpenApiRoutes.Operation op) {
        return doc.parameters(op).stream().filter(p -> "query".equals(p.path("in").asText()))
                .map(p -> p.path("name").asText()).collect(Collectors.toSet());
    }

    private boolean resolve(String[] segments, int i, String prefix, Map<String, String> found) {
        if (i == segments.length) return true;
        String s = segments[i];
        if (!(s.startsWith("{") && s.endsWith("}"))) return resolve(segments, i + 1, prefix + "/" + s, found);
        String name = s.substring(1, s.length() - 1);
        List<String> candidates = listed(prefix);
        for (String c : candidates) {
            found.put(name, c);
            if (resolve(segments, i + 1, prefix + "/" + c, found)) return true;
        }
        found.put(name, candidates.isEmpty() ? "x" : candidates.getFirst());
        resolve(segments, i + 1, prefix + "/" + found.get(name), found);
        return false;
    }

    private final Map<String, List<String>> listings = new LinkedHashMap<>();

    private List<String> listed(String path) {
        return listings.computeIfAbsent(path, p -> {
            Http.Response r = operator.get(p);
            if (r.status() != 200 || !r.contentType().startsWith("application/json")) return List.of();
            List<String> names = new ArrayList<>();
            for (JsonNode item : r.json().path("items")) {
                String n = item.at("/metadata/name").asText(item.path("id").asText(""));
                if (!n.isEmpty()) names.add(n);
            }
            return names.subList(0, Math.min(names.size(), 20));
        });
    }

    // ---- parameter values

    /** What a parameter's schema says, the parts that decide its bad values. */
    record ParamSchema(String type, String format, List<String> enumeration, Long minimum, Long maximum) {
    }

    private ParamSchema schema(JsonNode s) {
        s = resolve(s);
        List<String> enumeration = new ArrayList<>();
        s.path("enum").forEach(e -> enumeration.add(e.asText()));
        return new ParamSchema(types(s).stream().filter(t -> !t.equals("null")).findFirst().orElse("string"), s.path("format").asText(null),
                enumeration, s.has("minimum") ? s.get("minimum").asLong() : null, s.has("maximum") ? s.get("maximum").asLong() : null);
    }

    /** Values as they go into a URI (percent-encoded where they must be). */
    private List<String> badValues(ParamSchema s, boolean inPath) {
        List<String> v = new ArrayList<>(List.of("", "%00", "%FF%FE", "caf%C3%A9", "%E2%80%AE", "a%0Ab", "%20", "x".repeat(5_000), randomText(40)));
        if (inPath) v.addAll(List.of("x".repeat(9_000), "..", "%2E%2E", "%2F", "-1", "99999999999999999999", "%3Cb%3E"));
        switch (s.type()) {
            case "integer", "number" -> {
                v.addAll(List.of("abc", "-5", "0", "1e3", "1.5", "0x10", "%2B7", "99999999999", "9223372036854775808",
                        "-9223372036854775809", "9".repeat(400), "NaN", "Infinity"));
                if (s.minimum() != null) v.add(Long.toString(s.minimum() - 1));
                if (s.maximum() != null && s.maximum() < Long.MAX_VALUE) v.add(Long.toString(s.maximum() + 1));
            }
            case "boolean" -> v.addAll(List.of("yes", "1", "TRUE", "on", "false%00"));
            default -> {
                if (!s.enumeration().isEmpty()) v.addAll(List.of("nope", s.enumeration().getFirst().toUpperCase(Locale.ROOT) + "x"));
                if ("date-time".equals(s.format())) {
                    v.addAll(List.of("abc", "2026-13-45T00:00:00Z", "%2B1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z",
                            "1970-01-01", "2026-01-01T00:00:00", "0"));
                }
                v.addAll(List.of("=", "!,", "a=b=c", "a,,b", "%2C%2C", "!", "-"));
            }
        }
        return v;
    }

    private String randomText(int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int cp;
            do {
                cp = random.nextInt(3) == 0 ? random.nextInt(0x80) : random.nextInt(0x2FFFF);
            } while (Character.getType(cp) == Character.SURROGATE || Character.getType(cp) == Character.UNASSIGNED);
            sb.appendCodePoint(cp);
        }
        return java.net.URLEncoder.encode(sb.toString(), StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 20) + "…(" + s.length() + ")" : s;
    }

    // ---- bodies

    private List<Attempt> bodies(OpenApiRoutes.Operation op, String uri, JsonNode content) {
        List<Attempt> out = new ArrayList<>();
        List<String> mediaTypes = new ArrayList<>();
        content.fieldNames().forEachRemaining(mediaTypes::add);
        for (String mediaType : mediaTypes) {
            for (Map.Entry<String, byte[]> b : genericBodies(mediaType).entrySet()) {
                out.add(new Attempt(op, mediaType + ": " + b.getKey(), op.method(), uri, Map.of("Content-Type", mediaType), b.getValue(),
                        PATIENCE, null, false));
            }
        }
        out.add(new Attempt(op, "JSON without a content type", op.method(), uri, Map.of(), "{\"a\": [1, {\"b\": null}]}".getBytes(StandardCharsets.UTF_8),
                PATIENCE, null, false));
        out.add(new Attempt(op, "text/plain", op.method(), uri, Map.of("Content-Type", "text/plain; charset=utf-16"),
                "{}".getBytes(StandardCharsets.UTF_16), PATIENCE, null, false));
        JsonNode schema = content.path("application/json").path("schema");
        if (!schema.isMissingNode()) {
            int n = 0;
            for (JsonNode alternative : alternatives(schema)) {
                List<Map.Entry<String, JsonNode>> mutated = mutations(skeleton(alternative, 0));
                Collections.shuffle(mutated, random);
                for (Map.Entry<String, JsonNode> m : mutated.subList(0, Math.min(MUTATIONS_PER_SCHEMA, mutated.size()))) {
                    boolean yaml = mediaTypes.contains("application/yaml") && n++ % 2 == 1;
                    out.add(new Attempt(op, (yaml ? "yaml " : "json ") + m.getKey(), op.method(), uri,
                            Map.of("Content-Type", yaml ? "application/yaml" : "application/json"), write(m.getValue(), yaml), PATIENCE, null, true));
                }
            }
        }
        return out;
    }

    private static byte[] write(JsonNode n, boolean yaml) {
        try {
            return (yaml ? ResourceCodec.yaml() : JSON).writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, byte[]> genericBodies(String mediaType) {
        Map<String, byte[]> b = new LinkedHashMap<>();
        for (String s : List.of("", " ", "null", "[]", "{}", "\"text\"", "123", "-1", "true", "{", "{\"a\":", "[1,2", "}{", "{\"a\":1}{\"a\":2}",
                "{\"a\":1,\"a\":2}", "{\"a\": 1e999999}", "{\"a\": 123456789012345678901234567890}", "{\"a\": NaN}", "[null, null]",
                "{\"\\u0000\": \"\\u0000\"}", "\"\\ud800\"", "a: &a [*a]", "!!binary AAAA", "? [a]\n: b", "---\n---\n", "%YAML 9.9\n---\na: b",
                "a:\n\t- b", "{a: b", "- - - - -")) {
            b.put(abbreviate(s), utf8(s));
        }
        b.put("deep arrays", utf8("[".repeat(10_000) + "]".repeat(10_000)));
        b.put("deep objects", utf8("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)));
        b.put("deep YAML", utf8("- ".repeat(3_000) + "x"));
        b.put("YAML aliases", utf8("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n"
                + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d]\n"));
        b.put("a huge string", utf8("{\"a\": \"" + "x".repeat((int) Math.min(maxBody - 64, 200_000)) + "\"}"));
        b.put("a huge array", utf8("[" + "1,".repeat((int) Math.min(maxBody / 2 - 8, 100_000)) + "1]"));
        b.put("over the size limit", new byte[(int) maxBody + 1]);
        b.put("raw NUL bytes", new byte[]{'{', '"', 'a', '"', ':', '"', 0, 0, '"', '}'});
        b.put("invalid UTF-8", new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, '"', '}'});
        b.put("overlong UTF-8", new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'});
        b.put("UTF-16 with a BOM", "{\"a\": \"ü\"}".getBytes(StandardCharsets.UTF_16));
        byte[] noise = new byte[256];
        random.nextBytes(noise);
        b.put("random bytes", noise);
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- schema-driven mutations

    private JsonNode resolve(JsonNode schema) {
        for (int i = 0; i < 20 && schema.has("$ref"); i++) {
            schema = doc.document().at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }

    private static List<String> types(JsonNode schema) {
        JsonNode t = schema.path("type");
        List<String> out = new ArrayList<>();
        if (t.isArray()) t.forEach(x -> out.add(x.asText()));
        else if (t.isTextual()) out.add(t.asText());
        return out;
    }

    /** The top-level alternatives of a body: each kind of resource, a list of them, … */
    private List<JsonNode> alternatives(JsonNode schema) {
        JsonNode s = resolve(schema);
        if (!s.has("oneOf")) return List.of(s);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode alt : s.get("oneOf")) out.addAll(alternatives(alt));
        return out;
    }

    /** A plausible instance of a schema: consts and enums as given, one item per array. */
    private JsonNode skeleton(JsonNode schema, int depth) {
        JsonNode s = resolve(schema);
        if (s.has("const")) return s.get("const");
        if (s.has("enum") && !s.get("enum").isEmpty()) return s.get("enum").get(0);
        if (s.has("oneOf")) return skeleton(s.get("oneOf").get(0), depth);
        List<String> types = types(s);
        String type = types.stream().filter(t -> !t.equals("null")).findFirst().orElse(s.has("properties") ? "object" : "string");
        return switch (type) {
            case "object" -> {
                ObjectNode o = NODES.objectNode();
                if (depth < 6) s.path("properties").fields().forEachRemaining(p -> o.set(p.getKey(), skeleton(p.getValue(), depth + 1)));
                yield o;
            }
            case "array" -> {
                ArrayNode a = NODES.arrayNode();
                if (depth < 6) a.add(skeleton(s.path("items"), depth + 1));
                yield a;
            }
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(1.5);
            case "boolean" -> NODES.booleanNode(true);
            default -> NODES.textNode("date-time".equals(s.path("format").asText()) ? "2026-01-01T00:00:00Z" : "fuzz");
        };
    }

    /** Every field of the skeleton removed, nulled, wrong-typed, huge, negative, NUL-laden or joined by an unknown sibling. */
    private List<Map.Entry<String, JsonNode>> mutations(JsonNode skeleton) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        out.add(Map.entry("the skeleton", skeleton));
        List<String> pointers = new ArrayList<>();
        pointers(skeleton, "", pointers);
        for (String p : pointers) {
            JsonNode at = skeleton.at(p);
            out.add(Map.entry("without " + p, edit(skeleton, p, null)));
            out.add(Map.entry(p + " null", edit(skeleton, p, n -> NODES.nullNode())));
            out.add(Map.entry(p + " wrong type", edit(skeleton, p, n -> wrongType(at))));
            out.add(Map.entry(p + " huge", edit(skeleton, p, n -> NODES.textNode("x".repeat(100_000)))));
            out.add(Map.entry(p + " NUL", edit(skeleton, p, n -> NODES.textNode("a\u0000b"))));
            out.add(Map.entry(p + " non-Latin", edit(skeleton, p, n -> NODES.textNode("名前-\uD83D\uDE80-café"))));
            out.add(Map.entry(p + " negative", edit(skeleton, p, n -> NODES.numberNode(-1))));
            out.add(Map.entry(p + " enormous", edit(skeleton, p, n -> NODES.numberNode(new BigInteger("9".repeat(40))))));
            out.add(Map.entry(p + " 1e308", edit(skeleton, p, n -> NODES.numberNode(1e308))));
            out.add(Map.entry(p + " nested", edit(skeleton, p, n -> nested(70))));
            out.add(Map.entry(p + " empty", edit(skeleton, p, n -> n.isTextual() ? NODES.textNode("") : n.isArray() ? NODES.arrayNode() : NODES.objectNode())));
            out.add(Map.entry(p + " with an unknown sibling", edit(skeleton, p.substring(0, p.lastIndexOf('/')), n -> n instanceof ObjectNode o
                    ? o.deepCopy().put("zzUnknown", 1) : n)));
        }
        return out;
    }

    private static void pointers(JsonNode n, String at, List<String> out) {
        if (n.isObject()) n.fields().forEachRemaining(f -> {
            String p = at + "/" + f.getKey().replace("~", "~0").replace("/", "~1");
            out.add(p);
            pointers(f.getValue(), p, out);
        });
        else if (n.isArray()) for (int i = 0; i < n.size(); i++) {
            out.add(at + "/" + i);
            pointers(n.get(i), at + "/" + i, out);
        }
    }

    private static JsonNode wrongType(JsonNode n) {
        if (n.isTextual()) return NODES.numberNode(12345);
        if (n.isNumber()) return NODES.textNode("abc");
        if (n.isBoolean()) return NODES.textNode("yes");
        if (n.isArray()) return NODES.objectNode().put("a", 1);
        if (n.isObject()) return NODES.textNode("an object was expected");
        return NODES.arrayNode().add(1);
    }

    private static JsonNode nested(int depth) {
        JsonNode n = NODES.numberNode(1);
        for (int i = 0; i < depth; i++) n = NODES.arrayNode().add(n);
        return n;
    }

    /** A copy of the tree with the node at the pointer replaced (or removed, for a null change). */
    private static JsonNode edit(JsonNode tree, String pointer, UnaryOperator<JsonNode> change) {
        JsonNode copy = tree.deepCopy();
        if (pointer.isEmpty()) return change == null ? NODES.objectNode() : change.apply(copy);
        String parentPointer = pointer.substring(0, pointer.lastIndexOf('/'));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
        JsonNode parent = copy.at(parentPointer);
        if (parent instanceof ObjectNode o) {
            if (change == null) o.remove(last);
            else o.set(last, change.apply(o.get(last)));
        } else if (parent instanceof ArrayNode a) {
            int i = Integer.parseInt(last);
            if (change == null) a.remove(i);
            else a.set(i, change.apply(a.get(i)));
        }
        return copy;
    }

    /** A short summary of findings for an assertion message, grouped by operation. */
    static String report(List<Finding> findings) {
        Map<String, List<Finding>> byOperation = findings.stream().collect(Collectors.groupingBy(
                f -> f.attempt().operation() + " -> " + f.status() + ", " + f.why(), LinkedHashMap::new, Collectors.toList()));
        StringBuilder sb = new StringBuilder(findings.size() + " bad answers (seed " + SEED + "):\n");
        byOperation.forEach((k, v) -> {
            sb.append("  ").append(k).append(": ").append(v.size()).append('\n');
            v.stream().limit(2).forEach(f -> sb.append("    ").append(f).append('\n'));
        });
        return sb.toString();
    }
}

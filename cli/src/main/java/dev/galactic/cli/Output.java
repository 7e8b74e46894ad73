package dev.galactic.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How resources are printed: a table for people, YAML or JSON for tools. */
final class Output {

    enum Format { TABLE, YAML, JSON }

    private record Column(String header, java.util.function.Function<JsonNode, String> value) {
        Column(String header, String pointer) {
            this(header, r -> cell(r.at(pointer)));
        }

        /** A condition's status, with its reason when it does not hold: {@code True}, {@code False (NodesBehind)}. */
        static Column condition(String header, String type) {
            return new Column(header, r -> {
                for (JsonNode c : r.at("/status/conditions")) {
                    if (!c.path("type").asText().equals(type)) continue;
                    String status = c.path("status").asText();
                    return status.equals("True") ? status : status + " (" + c.path("reason").asText() + ")";
                }
                return "-";
            });
        }
    }

    private static final Map<Kind, List<Column>> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put(Kind.TENANT, List.of(new Column("DISPLAY NAME", "/spec/displayName"), new Column("ASN", "/spec/asn")));
        // the locator in use is in the status: the controller allocates one unless the spec fixes it
        COLUMNS.put(Kind.NODE, List.of(new Column("ROLE", "/spec/role"), new Column("CITY", "/spec/location/city"),
                new Column("COUNTRY", "/spec/location/country"), new Column("LOCATOR", "/status/sids/locator"),
                Column.condition("AGENT", "AgentConnected"), Column.condition("CONFIG", "ConfigApplied")));
        COLUMNS.put(Kind.LINK, List.of(new Column("A", "/spec/a"), new Column("B", "/spec/b"), new Column("KIND", "/spec/kind"),
                new Column("COST", "/spec/cost"), new Column("LATENCY MS", "/spec/latencyMs")));
        COLUMNS.put(Kind.TRAFFIC_CLASS, List.of(new Column("MODE", "/spec/mode"), new Column("MAX LATENCY MS", "/spec/thresholds/maxLatencyMs"),
                new Column("MAX LOSS %", "/spec/thresholds/maxLossPercent"), new Column("FALLBACK", "/spec/fallback/action")));
        COLUMNS.put(Kind.VPC, List.of(new Column("TYPE", "/spec/type"), new Column("CLASS", "/spec/trafficClass"),
                new Column("TOPOLOGY", "/spec/topology/mode"), new Column("WAYPOINTS", "/spec/mustInclude"),
                Column.condition("PATHS", "PathsComputed"), Column.condition("PROGRAMMED", "Programmed"), Column.condition("SLA", "SlaMet")));
        COLUMNS.put(Kind.ATTACHMENT, List.of(new Column("VPC", "/spec/vpc"), new Column("NODE", "/spec/node"),
                new Column("KIND", "/spec/kind"), new Column("PREFIXES", "/spec/prefixes")));
        COLUMNS.put(Kind.CLASSIFIER, List.of(new Column("VPC", "/spec/vpc"), new Column("CLASS", "/spec/trafficClass"),
                new Column("PRIORITY", "/spec/priority")));
        COLUMNS.put(Kind.POLICY, List.of(new Column("VPC", "/spec/vpc"), new Column("DEFAULT", "/spec/defaultAction"),
                new Column("RATE MBPS", "/spec/rateLimit/mbps")));
        COLUMNS.put(Kind.WEBHOOK, List.of(new Column("URL", "/spec/url"), new Column("EVENTS", "/spec/events")));
    }

    private Output() {
    }

    /**
     * What a list command prints: a table, or one List document whatever the count (so a script
     * reads {@code .items} and never has to guess whether one result came back bare).
     */
    static void resources(PrintWriter out, Kind kind, List<JsonNode> items, Format format) {
        if (format == Format.TABLE) resourceTable(out, kind, items);
        else document(out, list(items), format);
    }

    /** What {@code get KIND NAME} prints: the resource itself, or its row. */
    static void resource(PrintWriter out, Kind kind, JsonNode item, Format format) {
        if (format == Format.TABLE) resourceTable(out, kind, List.of(item));
        else document(out, item, format);
    }

    /** {@code {"apiVersion": ..., "kind": "List", "items": [...]}}, as kubectl does; apply reads it back. */
    static ObjectNode list(List<? extends JsonNode> items) {
        ObjectNode list = ResourceCodec.json().createObjectNode().put("apiVersion", Resource.API_VERSION).put("kind", "List");
        list.putArray("items").addAll(items);
        return list;
    }

    /** One document as YAML or JSON, ending in a newline. */
    static void document(PrintWriter out, JsonNode doc, Format format) {
        switch (format) {
            case JSON -> out.println(pretty(doc));
            case YAML -> out.print(yaml(doc));
            case TABLE -> throw new IllegalArgumentException("a document is YAML or JSON, not a table");
        }
    }

    private static void resourceTable(PrintWriter out, Kind kind, List<JsonNode> items) {
        if (items.isEmpty()) {
            out.println("No " + kind.plural() + " found.");
            return;
        }
        List<String> headers = new ArrayList<>();
        headers.add("NAME");
        boolean tenantCol = kind.scope() != Kind.Scope.CLUSTER;
        if (tenantCol) headers.add("TENANT");
        COLUMNS.get(kind).forEach(c -> headers.add(c.header()));
        headers.add("VERSION");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode r : items) {
            List<String> row = new ArrayList<>();
            row.add(r.at("/metadata/name").asText());
            if (tenantCol) row.add(cell(r.at("/metadata/tenant")));
            COLUMNS.get(kind).forEach(c -> row.add(c.value().apply(r)));
            row.add(cell(r.at("/metadata/resourceVersion")));
            rows.add(row);
        }
        table(out, headers, rows);
    }

    static String cell(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) return "-";
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(e -> parts.add(e.asText()));
            return parts.isEmpty() ? "-" : String.join(",", parts);
        }
        return n.asText();
    }

    static void table(PrintWriter out, List<String> headers, List<List<String>> rows) {
        int[] w = new int[headers.size()];
        for (int i = 0; i < w.length; i++) w[i] = headers.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r.get(i).length());
        StringBuilder fmt = new StringBuilder();
        for (int i = 0; i < w.length; i++) fmt.append("%-").append(w[i]).append(i == w.length - 1 ? "s" : "s   ");
        out.println(String.format(fmt.toString(), headers.toArray()).stripTrailing());
        for (List<String> r : rows) out.println(String.format(fmt.toString(), r.toArray()).stripTrailing());
    }

    private static String pretty(JsonNode n) {
        try {
            return ResourceCodec.json().writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String yaml(JsonNode n) {
        try {
            return ResourceCodec.yaml().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints each field error of a problem document on its own line. */
    static void printProblemFields(PrintWriter err, JsonNode problem) {
        if (problem == null) return;
        for (JsonNode e : problem.path("errors")) {
            String where = e.path("resource").asText("");
            if (e.hasNonNull("source")) where = e.get("source").asText() + " " + where;
            String ptr = e.path("pointer").asText("");
            err.println("  " + (where.isEmpty() ? "" : where + " ") + (ptr.isEmpty() ? "" : ptr + ": ") + e.path("reason").asText());
        }
    }
}

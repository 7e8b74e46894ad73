package dev.galactic.core.pce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the offline PCE's input texts: resources in the project's envelope (through the same
 * {@link ResourceCodec} as the API, so the same errors) and link states, as YAML (one or more
 * documents) or JSON (YAML reads JSON too). Pure text in, values out.
 */
public final class PceFiles {

    private PceFiles() {}

    /** Parses resources; every problem of every document is in the exception's message. */
    public static List<Resource> resources(String text) {
        ResourceCodec.Parsed parsed = ResourceCodec.parse(text, ResourceCodec.Format.YAML);
        if (parsed.syntaxError() != null) throw new IllegalArgumentException(parsed.syntaxError());
        List<String> errors = new ArrayList<>();
        for (ResourceCodec.Item i : parsed.items()) {
            i.errors().forEach(e -> errors.add(i.label() + " " + e.pointer() + ": " + e.reason()));
        }
        if (!errors.isEmpty()) throw new IllegalArgumentException(String.join("; ", errors));
        return parsed.resources();
    }

    /** Parses link states: a list of objects with the {@link LinkState} fields (measuredAt as ISO-8601). */
    public static List<LinkState> linkStates(String text) {
        List<LinkState> out = new ArrayList<>();
        for (JsonNode doc : documents(text)) {
            JsonNode list = doc.has("linkStates") ? doc.get("linkStates") : doc;
            if (list.isArray()) list.forEach(n -> out.add(linkState(n)));
            else if (list.isObject()) out.add(linkState(list));
        }
        return out;
    }

    private static List<JsonNode> documents(String text) {
        ResourceCodec.Documents d = ResourceCodec.readDocuments(text, ResourceCodec.Format.YAML);
        if (d.syntaxError() != null) throw new IllegalArgumentException(d.syntaxError());
        return d.documents();
    }

    private static LinkState linkState(JsonNode n) {
        String measured = n.path("measuredAt").asText(null);
        return new LinkState(n.path("link").asText(null), req(n, "from").asText(), req(n, "to").asText(),
                req(n, "latencyMs").asDouble(), n.path("jitterMs").asDouble(0), n.path("lossPercent").asDouble(0),
                n.has("availableBandwidthMbps") ? n.get("availableBandwidthMbps").asDouble() : Double.POSITIVE_INFINITY,
                n.path("up").asBoolean(true), measured == null ? null : Instant.parse(measured));
    }

    private static JsonNode req(JsonNode n, String field) {
        if (!n.has(field)) throw new IllegalArgumentException("link state without " + field + ": " + n);
        return n.get(field);
    }
}

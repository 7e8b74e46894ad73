package dev.galactic.core.pce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;

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

    /**
     * Parses link states: a list of objects, each a directed link's figures as telemetry would
     * report them ({@link LinkState#of}). {@code from}, {@code to} and {@code latencyMs} are
     * required; {@code link} names the Link resource when parallel links join the pair;
     * {@code jitterMs} and {@code lossPercent} default to 0; {@code availableBandwidthMbps}
     * missing means unmeasured (null: the Link's capacity, else unlimited); {@code up} (default
     * true) is UP or DOWN; {@code measuredAt} (ISO-8601) becomes epoch nanos, missing means
     * unknown (0, never stale). No probe type: nothing here was probed.
     */
    public static List<LinkReading> linkStates(String text) {
        List<LinkReading> out = new ArrayList<>();
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

    private static LinkReading linkState(JsonNode n) {
        String measured = n.path("measuredAt").asText(null);
        String name = n.path("link").asText(null);
        LinkId link = LinkId.of(req(n, "from").asText(), req(n, "to").asText());
        double latency = req(n, "latencyMs").asDouble();
        Double bandwidth = n.has("availableBandwidthMbps") ? n.get("availableBandwidthMbps").asDouble() : null;
        return new LinkReading(name, LinkState.of(link, n.path("up").asBoolean(true), latency, n.path("jitterMs").asDouble(0),
                n.path("lossPercent").asDouble(0), bandwidth, measured == null ? 0 : epochNanos(Instant.parse(measured), link)));
    }

    /** Telemetry's unit, which ends in 2262: a later time would wrap round silently. */
    private static long epochNanos(Instant at, LinkId link) {
        try {
            return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("measuredAt " + at + " of " + link.from() + "->" + link.to()
                    + " is outside the years 1677 to 2262");
        }
    }

    private static JsonNode req(JsonNode n, String field) {
        if (!n.has(field)) throw new IllegalArgumentException("link state without " + field + ": " + n);
        return n.get(field);
    }
}

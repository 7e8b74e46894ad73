package dev.galactic.core.pce;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ObjectMeta;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.Spec;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the offline PCE's input texts: resources in the project's envelope and link states,
 * as YAML (one or more documents, each a resource or a list) or JSON (an object or an array).
 * Enum values may be written as in the spec ("lowest-latency") or as constants
 * ("LOWEST_LATENCY"). A stand-in until the shared ResourceCodec lands; pure text in, values out.
 */
public final class PceFiles {

    private static final ObjectMapper YAML = configure(new YAMLMapper(new YAMLFactory()));

    private PceFiles() {}

    private static ObjectMapper configure(ObjectMapper m) {
        SimpleModule enums = new SimpleModule("kebab-enums");
        enums.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type, BeanDescription desc,
                                                              JsonDeserializer<?> deserializer) {
                return new KebabEnum(type.getRawClass());
            }
        });
        m.registerModule(enums);
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        return m;
    }

    /** Accepts "lowest-latency", "lowest_latency" and "LOWEST_LATENCY". */
    private static final class KebabEnum extends StdDeserializer<Enum<?>> {
        private final Class<?> type;

        KebabEnum(Class<?> type) {
            super(type);
            this.type = type;
        }

        @Override
        public Enum<?> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            String constant = text.trim().replace('-', '_').toUpperCase(Locale.ROOT);
            for (Object c : type.getEnumConstants()) if (((Enum<?>) c).name().equals(constant)) return (Enum<?>) c;
            return (Enum<?>) ctx.handleWeirdStringValue(type, text, "not one of the allowed values");
        }
    }

    /** Parses resources; YAML is a superset of JSON, so one reader serves both. */
    public static List<Resource> resources(String text) {
        List<Resource> out = new ArrayList<>();
        for (JsonNode doc : documents(text)) {
            if (doc.isArray()) doc.forEach(n -> out.add(resource(n)));
            else if (doc.has("items")) doc.get("items").forEach(n -> out.add(resource(n)));
            else if (!doc.isNull() && !doc.isMissingNode()) out.add(resource(doc));
        }
        return out;
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
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            return it.readAll();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot parse: " + e.getMessage(), e);
        }
    }

    private static Resource resource(JsonNode n) {
        Kind kind = Kind.parse(n.path("kind").asText(null))
                .orElseThrow(() -> new IllegalArgumentException("unknown kind: " + n.path("kind")));
        JsonNode meta = n.path("metadata");
        String name = meta.path("name").asText(null);
        if (name == null) throw new IllegalArgumentException(kind.wireName() + " without metadata.name");
        Map<String, String> labels = new TreeMap<>();
        meta.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        ObjectMeta m = new ObjectMeta(name, meta.path("tenant").asText(null), labels, null, null, null, null);
        try {
            Spec spec = YAML.treeToValue(n.path("spec"), kind.specType());
            String apiVersion = n.path("apiVersion").asText(Resource.API_VERSION);
            return new Resource(apiVersion, kind, m, spec, null);
        } catch (IOException e) {
            throw new IllegalArgumentException(kind.wireName() + " " + name + ": " + e.getMessage(), e);
        }
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

package dev.galactic.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads resources from YAML or JSON text (one document, several YAML documents, a JSON array
 * or a {@code kind: List}) and writes them back. Parsing is a pure function of the text.
 */
public final class ResourceCodec {

    /** The formats resources travel in. */
    public enum Format { YAML, JSON }

    /** One document of a batch: its position, what it claims to be, and either a resource or errors. */
    public record Item(int index, String label, Resource resource, List<FieldError> errors) {
        public boolean ok() { return errors.isEmpty(); }
    }

    /** The whole input: a syntax error stops everything; otherwise one item per document. */
    public record Parsed(List<Item> items, String syntaxError) {
        public boolean ok() { return syntaxError == null && items.stream().allMatch(Item::ok); }

        public List<Resource> resources() { return items.stream().map(Item::resource).toList(); }
    }

    private static final Set<String> ENVELOPE = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final ObjectMapper YAML = configure(new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build()));

    private ResourceCodec() {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static ObjectMapper configure(ObjectMapper m) {
        SimpleModule enums = new SimpleModule("galactic-enums");
        enums.addSerializer(Enum.class, new StdSerializer<Enum>(Enum.class) {
            @Override
            public void serialize(Enum value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(RecordBinder.wireName(value));
            }
        });
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
        // a key given twice is a mistake to report, not a value to silently overwrite
        m.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return m.registerModule(new JavaTimeModule()).registerModule(enums)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);
    }

    /** The shared JSON mapper with the model's conventions (enum spelling, times, no empty fields). */
    public static ObjectMapper json() { return JSON; }

    public static ObjectMapper yaml() { return YAML; }

    /** The documents of a text (List kinds flattened), or the syntax error that stops everything. */
    public record Documents(List<JsonNode> documents, String syntaxError) {
    }

    public static Documents readDocuments(String text, Format format) {
        List<JsonNode> docs = new ArrayList<>();
        try {
            if (format == Format.JSON) {
                JsonNode root = JSON.readTree(text);
                if (root != null && !root.isMissingNode()) docs.add(root);
            } else {
                JsonParser p = YAML.getFactory().createParser(text);
                try (MappingIterator<JsonNode> it = YAML.readValues(p, JsonNode.class)) {
                    while (it.hasNextValue()) {
                        JsonNode d = it.nextValue();
                        if (d != null && !d.isNull() && !d.isMissingNode()) docs.add(d);
                    }
                }
            }
        } catch (JsonProcessingException e) {
            return new Documents(List.of(), syntaxMessage(format, e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // the YAML reader reports some malformed input as unchecked exceptions
            return new Documents(List.of(), e.getCause() instanceof JsonProcessingException j ? syntaxMessage(format, j)
                    : format + " is malformed: " + e.getMessage());
        }
        List<JsonNode> flat = new ArrayList<>();
        docs.forEach(d -> flatten(d, flat));
        return new Documents(List.copyOf(flat), null);
    }

    /** A List's items, or a plain sequence of resources (a JSON array, a YAML list), at any depth. */
    private static void flatten(JsonNode d, List<JsonNode> out) {
        if (d.isObject() && "List".equals(d.path("kind").asText()) && d.has("items")) {
            d.get("items").forEach(i -> flatten(i, out));
        } else if (d.isArray()) {
            d.forEach(i -> flatten(i, out));
        } else {
            out.add(d);
        }
    }

    public static Parsed parse(String text, Format format) {
        Documents docs = readDocuments(text, format);
        if (docs.syntaxError() != null) return new Parsed(List.of(), docs.syntaxError());
        if (docs.documents().isEmpty()) return new Parsed(List.of(), "the input holds no resources");
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < docs.documents().size(); i++) items.add(readResource(i, docs.documents().get(i)));
        return new Parsed(List.copyOf(items), null);
    }

    private static String syntaxMessage(Format format, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return format + " is malformed" + where + ": " + e.getOriginalMessage();
    }

    /** Reads one resource document; errors name fields by JSON pointer from the document root. */
    public static Item readResource(int index, JsonNode doc) {
        List<FieldError> errors = new ArrayList<>();
        if (!doc.isObject()) {
            return new Item(index, "#" + index, null, List.of(new FieldError("", "a resource must be an object with apiVersion, kind, metadata and spec")));
        }
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ENVELOPE.contains(f)) {
                errors.add(new FieldError("/" + FieldError.token(f), "unknown field \"" + f + "\"; a resource has apiVersion, kind, metadata, spec and status"));
            }
        }
        JsonNode apiVersion = doc.get("apiVersion");
        if (apiVersion == null || apiVersion.isNull()) {
            errors.add(new FieldError("/apiVersion", "apiVersion is required: " + Resource.API_VERSION));
        } else if (!Resource.API_VERSION.equals(apiVersion.asText())) {
            errors.add(new FieldError("/apiVersion", "unknown apiVersion \"" + apiVersion.asText() + "\"; supported: " + Resource.API_VERSION));
        }
        JsonNode kindNode = doc.get("kind");
        Kind kind = null;
        if (kindNode == null || kindNode.isNull()) {
            errors.add(new FieldError("/kind", "kind is required; one of: " + kindNames()));
        } else {
            kind = kindNode.isTextual() ? Kind.parse(kindNode.textValue()).filter(k -> k.wireName().equals(kindNode.textValue())).orElse(null) : null;
            if (kind == null) errors.add(new FieldError("/kind", "unknown kind " + kindNode + "; one of: " + kindNames()));
        }
        ObjectMeta meta = null;
        JsonNode metaNode = doc.get("metadata");
        if (metaNode == null || metaNode.isNull()) {
            errors.add(new FieldError("/metadata", "metadata with a name is required"));
        } else {
            var bound = RecordBinder.bind(metaNode, ObjectMeta.class, "/metadata");
            errors.addAll(bound.errors());
            meta = bound.value();
            // the name is the resource's identity: without one there is nothing to plan, order or look up
            JsonNode name = metaNode.get("name");
            if (metaNode.isObject() && (name == null || name.isNull())) {
                errors.add(new FieldError("/metadata/name", "metadata.name is required"));
            }
        }
        String label = (kind == null ? String.valueOf(kindNode) : kind.wireName()) + "/"
                + (meta == null ? metaNode == null ? "?" : metaNode.path("name").asText("?") : (meta.tenant() == null ? "" : meta.tenant() + "/") + meta.name());
        Spec spec = null;
        if (kind != null) {
            JsonNode specNode = doc.get("spec");
            if (specNode == null || specNode.isNull()) specNode = JSON.createObjectNode();
            var bound = RecordBinder.bind(specNode, kind.specType(), "/spec");
            errors.addAll(bound.errors());
            spec = bound.value();
        }
        if (!errors.isEmpty()) return new Item(index, label, null, List.copyOf(errors));
        // status is the controller's to write: what a client sends there is dropped, as in Kubernetes
        return new Item(index, label, Resource.of(kind, meta, spec), List.of());
    }

    private static String kindNames() {
        return String.join(", ", java.util.Arrays.stream(Kind.values()).map(Kind::wireName).toList());
    }

    public static ObjectNode toTree(Resource r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("apiVersion", r.apiVersion());
        n.put("kind", r.kind().wireName());
        n.set("metadata", JSON.valueToTree(r.metadata()));
        n.set("spec", r.spec() == null ? JSON.createObjectNode() : JSON.valueToTree(r.spec()));
        if (r.status() != null && !r.status().isEmpty()) n.set("status", r.status());
        return n;
    }

    /** Reads a resource this codec wrote (trusted input, e.g. from the store); fails loudly otherwise. */
    public static Resource fromTree(JsonNode n) {
        Item item = readResource(0, n);
        if (!item.ok()) throw new IllegalStateException("stored resource does not parse: " + item.errors());
        Resource r = item.resource();
        JsonNode status = n.get("status");
        return status == null || status.isNull() ? r : r.withStatus(status);
    }

    public static String write(List<Resource> resources, Format format) {
        try {
            if (format == Format.JSON) {
                if (resources.size() == 1) return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toTree(resources.getFirst()));
                ArrayNode a = JSON.createArrayNode();
                resources.forEach(r -> a.add(toTree(r)));
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a);
            }
            StringBuilder sb = new StringBuilder();
            for (Resource r : resources) {
                if (!sb.isEmpty()) sb.append("---\n");
                sb.append(YAML.writeValueAsString(toTree(r)));
            }
            return sb.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

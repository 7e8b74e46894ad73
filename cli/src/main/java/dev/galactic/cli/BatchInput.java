package dev.galactic.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galactic.core.model.ResourceCodec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The -f FILE|DIR|- input of apply, diff and delete: every document of every file becomes one
 * batch, so the server commits all of it or nothing, and errors are traced back to the file.
 */
final class BatchInput {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR|-",
            description = "YAML or JSON file, a directory of them, or - for standard input; may be repeated")
    List<String> files;

    @Option(names = {"-R", "--recursive"}, description = "read directories recursively")
    boolean recursive;

    /** The batch as a JSON array, and where each document came from (file and document number). */
    record Batch(String json, List<String> origins) {
    }

    Batch read(InputStream stdin) {
        ArrayNode docs = ResourceCodec.json().createArrayNode();
        List<String> origins = new ArrayList<>();
        for (String f : files) {
            for (Path p : expand(f)) {
                String text;
                try {
                    text = p == null ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(p);
                } catch (IOException e) {
                    throw new ApiClient.Failure(ExitCode.USAGE, "cannot read " + f + ": " + e.getMessage(), null);
                }
                String name = p == null ? "<stdin>" : p.toString();
                ResourceCodec.Format format = name.endsWith(".json") ? ResourceCodec.Format.JSON : ResourceCodec.Format.YAML;
                ResourceCodec.Documents d = ResourceCodec.readDocuments(text, format);
                if (d.syntaxError() != null) throw new ApiClient.Failure(ExitCode.REJECTED, name + ": " + d.syntaxError(), null);
                for (int i = 0; i < d.documents().size(); i++) {
                    docs.add(d.documents().get(i));
                    origins.add(name + (d.documents().size() > 1 ? "#" + (i + 1) : ""));
                }
            }
        }
        if (docs.isEmpty()) throw new ApiClient.Failure(ExitCode.USAGE, "no resources found in " + String.join(", ", files), null);
        try {
            return new Batch(ResourceCodec.json().writeValueAsString(docs), List.copyOf(origins));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Path> expand(String f) {
        if (f.equals("-")) {
            List<Path> stdin = new ArrayList<>();
            stdin.add(null);
            return stdin;
        }
        Path p = Path.of(f);
        if (Files.isRegularFile(p)) return List.of(p);
        if (!Files.isDirectory(p)) throw new ApiClient.Failure(ExitCode.USAGE, f + " does not exist", null);
        try (Stream<Path> s = recursive ? Files.walk(p) : Files.list(p)) {
            return s.filter(Files::isRegularFile)
                    .filter(x -> x.toString().matches(".*\\.(ya?ml|json)$"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ApiClient.Failure(ExitCode.USAGE, "cannot list " + f + ": " + e.getMessage(), null);
        }
    }

    /** Reads the files and posts them as one batch; errors name the file and document they came from. */
    JsonNode post(ApiClient api, String path) {
        Batch batch = read(System.in);
        try {
            return api.post(path, "application/json", batch.json());
        } catch (ApiClient.Failure f) {
            throw withOrigins(f, batch);
        }
    }

    /** Names the file and document of each field error the server reported. */
    private static ApiClient.Failure withOrigins(ApiClient.Failure f, Batch batch) {
        JsonNode p = f.problem();
        if (p == null || !p.has("errors")) return f;
        for (JsonNode e : p.get("errors")) {
            if (e.hasNonNull("item") && e instanceof ObjectNode o) {
                int i = e.get("item").asInt();
                if (i >= 0 && i < batch.origins().size()) o.put("source", batch.origins().get(i));
            }
        }
        return f;
    }
}

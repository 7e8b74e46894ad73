package dev.galactic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.galactic.core.model.ResourceCodec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the controller is and which token to use: flags, then environment, then the config
 * file, then (for a controller on this machine) the admin token file it wrote.
 */
public final class ClientOptions {

    @Option(names = "--server", scope = picocli.CommandLine.ScopeType.INHERIT, paramLabel = "URL", description = "controller URL (env GALACTIC_SERVER; default http://localhost:8080)")
    String server;

    @Option(names = "--token", scope = picocli.CommandLine.ScopeType.INHERIT, paramLabel = "TOKEN", description = "API token (env GALACTIC_TOKEN; or 'token:' in the config file)")
    String token;

    @Option(names = "--config", scope = picocli.CommandLine.ScopeType.INHERIT, paramLabel = "FILE", description = "config file (env GALACTIC_CONFIG; default ~/.config/galactic/config.yaml)")
    Path config;

    public ApiClient client() {
        JsonNode file = readConfig();
        String s = first(server, System.getenv("GALACTIC_SERVER"), text(file, "server")).orElse("http://localhost:8080");
        String t = first(token, System.getenv("GALACTIC_TOKEN"), text(file, "token")).orElseGet(() -> localAdminToken(s));
        return new ApiClient(s, t);
    }

    private JsonNode readConfig() {
        Path p = config != null ? config : Optional.ofNullable(System.getenv("GALACTIC_CONFIG")).map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".config", "galactic", "config.yaml"));
        if (!Files.isRegularFile(p)) {
            if (config != null) throw new ApiClient.Failure(ExitCode.USAGE, "config file " + p + " does not exist", null);
            return null;
        }
        try {
            return ResourceCodec.yaml().readTree(Files.readString(p));
        } catch (IOException e) {
            throw new ApiClient.Failure(ExitCode.USAGE, "cannot read config file " + p + ": " + e.getMessage(), null);
        }
    }

    private static String text(JsonNode n, String field) {
        return n == null || !n.path(field).isTextual() ? null : n.get(field).textValue();
    }

    private static Optional<String> first(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return Optional.of(v.trim());
        return Optional.empty();
    }

    /** A controller started from this checkout leaves its admin token here; use it for local servers. */
    private static String localAdminToken(String server) {
        if (!server.matches("https?://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?/?")) return null;
        for (Path dir : List.of(Launch.dataRoot().resolve("demo"), Launch.dataRoot().resolve("controller"))) {
            Path f = dir.resolve("admin-token");
            try {
                if (Files.isReadable(f)) return Files.readString(f).trim();
            } catch (IOException ignored) {
                // fall through to no token; the server then says how to get one
            }
        }
        return null;
    }
}

package dev.galactic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.galactic.core.model.ResourceCodec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A thin HTTP client for the controller's API; errors become {@link Failure} with an exit code. */
public final class ApiClient {

    /** A request that did not succeed, with what to tell the user and how to exit. */
    public static final class Failure extends RuntimeException {
        private final int exitCode;
        private final JsonNode problem;

        public Failure(int exitCode, String message, JsonNode problem) {
            super(message);
            this.exitCode = exitCode;
            this.problem = problem;
        }

        public int exitCode() { return exitCode; }

        public JsonNode problem() { return problem; }
    }

    private final String server;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(String server, String token) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.token = token;
    }

    public String server() { return server; }

    /**
     * The tenant a command acts in: the one given, else the token's own (a tenant token), else
     * a usage error that says to add --tenant; {@code what} names what needs a tenant.
     */
    public String tenant(String given, String what) {
        if (given != null) return given;
        String own = get("/api/v1/whoami").path("tenant").asText(null);
        if (own == null) throw new Failure(ExitCode.USAGE, what + " belongs to a tenant: add --tenant NAME", null);
        return own;
    }

    public JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    public JsonNode post(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public JsonNode delete(String path) {
        return send(request(path).DELETE().build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private JsonNode send(HttpRequest req) {
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Failure(ExitCode.UNAVAILABLE, "cannot reach the controller at " + server
                    + ": is it running? Start one with ./galactic demo, or point --server (or GALACTIC_SERVER) at it", null);
        } catch (IOException e) {
            throw new Failure(ExitCode.UNAVAILABLE, "talking to " + server + " failed: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(ExitCode.UNAVAILABLE, "interrupted", null);
        }
        JsonNode body;
        try {
            body = resp.body().isBlank() ? ResourceCodec.json().createObjectNode() : ResourceCodec.json().readTree(resp.body());
        } catch (IOException e) {
            throw new Failure(ExitCode.UNAVAILABLE, "the server at " + server + " answered " + resp.statusCode()
                    + " with something that is not JSON: is it a Galactic controller?", null);
        }
        int s = resp.statusCode();
        if (s < 300) return body;
        int code = s == 404 ? ExitCode.NOT_FOUND : s >= 500 ? ExitCode.UNAVAILABLE : ExitCode.REJECTED;
        String detail = body.path("detail").asText(body.path("title").asText("HTTP " + s));
        throw new Failure(code, body.path("title").asText("HTTP " + s) + ": " + detail, body);
    }
}

package dev.galactic.controller;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One HTTP call to a running controller, for tests that drive it from outside. */
public final class TestRequests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestRequests() {
    }

    /** The body's format is sniffed by the server (JSON starts with { or [, anything else is YAML). */
    public static HttpResponse<String> send(Controller controller, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(controller.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

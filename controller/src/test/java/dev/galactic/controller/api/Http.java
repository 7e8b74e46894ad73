package dev.galactic.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.galactic.core.model.ResourceCodec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny client for API tests: every call returns status, headers and parsed JSON. */
record Http(String base, String token) {

    record Response(int status, String contentType, String text) {
        JsonNode json() {
            try {
                return ResourceCodec.json().readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Http withBase(String otherBase) {
        return new Http(otherBase, token);
    }

    Http as(String otherToken) {
        return new Http(base, otherToken);
    }

    Response get(String path) {
        return send(builder(path).GET());
    }

    Response get(String path, String accept) {
        return send(builder(path).header("Accept", accept).GET());
    }

    Response post(String path, String contentType, String body) {
        return send(builder(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response apply(String yaml) {
        return post("/api/v1/apply", "application/yaml", yaml);
    }

    Response delete(String path) {
        return send(builder(path).DELETE());
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private static Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

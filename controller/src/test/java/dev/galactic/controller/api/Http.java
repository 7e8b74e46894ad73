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

    /**
     * An answer as it came over the wire, for tests of encodings and of what Jetty answers itself.
     *
     * @param complete false when the body was still coming when the read stopped (a stream)
     */
    record Raw(int status, java.net.http.HttpHeaders headers, byte[] body, boolean complete) {
        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        /** The body decoded as strict UTF-8: malformed bytes fail the test instead of becoming U+FFFD. */
        String utf8() {
            try {
                return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(body)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new AssertionError("the body is not UTF-8: " + java.util.HexFormat.of().formatHex(body, 0, Math.min(body.length, 200)), e);
            }
        }

        JsonNode json() {
            return new Response(status, contentType(), utf8()).json();
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

    /**
     * Any method, any headers, any bytes (the token is sent unless the headers name an
     * Authorization), over HTTP/1.1. The body is read for at most {@code patience}, so an event
     * stream, which never ends, comes back incomplete instead of hanging the test.
     */
    Raw raw(String method, String path, java.util.Map<String, String> headers, byte[] body, Duration patience) {
        HttpRequest.Builder b = headers.containsKey("Authorization")
                ? HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)) : builder(path);
        headers.forEach(b::header);
        // a large body waits for the server's go-ahead: one refused early (401, 413) is not sent into a closing connection
        b.version(HttpClient.Version.HTTP_1_1).expectContinue(body != null && body.length > 8192)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<java.io.InputStream> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            // of a stream, the first chunk shows it started: waiting for more would only wait
            boolean stream = r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
            java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
            boolean complete;
            try (java.io.InputStream in = r.body()) {
                Thread reader = Thread.ofVirtual().start(() -> {
                    byte[] chunk = new byte[8192];
                    try {
                        for (int n; (n = in.read(chunk)) >= 0; ) {
                            synchronized (read) {
                                read.write(chunk, 0, n);
                            }
                            if (stream) break;
                        }
                    } catch (IOException closedWhileReading) {
                        // the stream was cut off below: what arrived until then is the answer
                    }
                });
                complete = reader.join(patience) && !stream;
                if (!complete) {
                    in.close();
                    reader.join(Duration.ofSeconds(5));
                }
            }
            synchronized (read) {
                return new Raw(r.statusCode(), r.headers(), read.toByteArray(), complete);
            }
        } catch (IOException e) {
            throw new AssertionError(method + " " + (path.length() > 120 ? path.substring(0, 120) + "…" : path) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Raw raw(String method, String path, java.util.Map<String, String> headers, byte[] body) {
        return raw(method, path, headers, body, Duration.ofSeconds(30));
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

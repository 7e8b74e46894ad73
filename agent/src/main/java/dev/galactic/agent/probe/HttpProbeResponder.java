package dev.galactic.agent.probe;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What HTTP and TCP-connect probes of other agents hit: {@code GET /probe} answers 204 with no
 * body. The JDK's small HTTP server is enough for a few requests per second per peer.
 */
public final class HttpProbeResponder implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpProbeResponder(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static HttpProbeResponder start(InetSocketAddress bind, String path) throws IOException {
        HttpServer server = HttpServer.create(bind, 64);
        server.createContext(path, exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(204, -1);
            }
        });
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
        return new HttpProbeResponder(server, executor);
    }

    public InetSocketAddress localAddress() { return server.getAddress(); }

    /** Serves the agent's Prometheus metrics at /metrics on the same listener. */
    public void metrics(java.util.function.Supplier<String> exposition) {
        server.createContext("/metrics", exchange -> {
            byte[] body = exposition.get().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

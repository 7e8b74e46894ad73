package dev.galactic.bench;

import dev.galactic.controller.Controller;
import dev.galactic.controller.ControllerConfig;
import dev.galactic.core.agent.AgentMessage;
import dev.galactic.core.agent.AgentProtocol;
import dev.galactic.core.model.Caller;
import dev.galactic.core.model.ChangePlanner;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.ObjectMeta;
import dev.galactic.core.model.Resource;
import dev.galactic.core.telemetry.EpochNanos;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.Sample;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Telemetry ingest end to end on loopback: a controller in this JVM, one WebSocket per node
 * agent, batches of samples as the agents send them (JSON over the agent connection), and the
 * controller's acknowledgements counted. The client side reuses pre-encoded batches, so the
 * figure is the controller's: decoding, validation, aggregation.
 */
public final class LoopbackIngestBench {

    /** @param window batches a connection may have unacknowledged */
    public record Options(int nodes, int batchSize, int seconds, int window) {
        public static final Options DEFAULTS = new Options(45, 1000, 10, 4);
    }

    private LoopbackIngestBench() {
    }

    public static void run(PrintStream out, Options o) {
        Path dir;
        try {
            dir = Files.createTempDirectory("galactic-bench-ingest");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Controller c = Controller.start(ControllerConfig.embedded(dir, 0), List.of())) {
            List<ChangePlanner.Op> ops = new ArrayList<>();
            for (int i = 0; i < o.nodes(); i++) {
                ops.add(new ChangePlanner.Op.Put(i, Resource.of(Kind.NODE, ObjectMeta.of("n" + i, null),
                        new NodeSpec(NodeSpec.NodeRole.CORE, new NodeSpec.Location(10.0 + i * 0.1, 10.0, "DE", null), List.of(), null))));
            }
            c.resources().apply(ops, Caller.OPERATOR, "bench", false);
            out.printf(Locale.ROOT, "loopback ingest: %d agents over WebSocket, batches of %d samples, %d s%n", o.nodes(), o.batchSize(), o.seconds());
            HttpClient http = HttpClient.newHttpClient();
            AtomicLong acked = new AtomicLong();
            AtomicLong rejected = new AtomicLong();
            List<Sender> senders = new ArrayList<>();
            long now = EpochNanos.of(Instant.now());
            for (int i = 0; i < o.nodes(); i++) {
                String node = "n" + i;
                String token = c.tokens().createForNode(node, "bench", Instant.now()).secret();
                senders.add(new Sender(http, URI.create(c.url().replace("http", "ws") + AgentProtocol.PATH), token, node,
                        encodedSamples(node, o, now), o.window(), acked, rejected));
            }
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            senders.forEach(s -> Thread.ofPlatform().daemon().start(() -> s.pump(warmupEnd + TimeUnit.SECONDS.toNanos(o.seconds()))));
            while (System.nanoTime() < warmupEnd) Thread.sleep(50);
            long startAcked = acked.get();
            long t0 = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(o.seconds()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            long samples = acked.get() - startAcked;
            out.printf(Locale.ROOT, "through the agent connection:     %,14.0f samples/s accepted (%,d refused)%n", samples / seconds, rejected.get());
            senders.forEach(Sender::close);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One batch's samples from {@code node} to every other node, encoded once. */
    private static String encodedSamples(String node, Options o, long now) throws IOException {
        List<Sample> samples = new ArrayList<>(o.batchSize());
        for (int k = 0; k < o.batchSize(); k++) {
            int peer = k % o.nodes();
            if (("n" + peer).equals(node)) peer = (peer + 1) % o.nodes();
            samples.add(Sample.Echo.reply(LinkId.of(node, "n" + peer), ProbeType.UDP, k, now, 2_000_000 + (k % 97) * 1000L));
        }
        // the element type must be named, or the samples lose their "kind"
        return AgentProtocol.json().writerFor(new com.fasterxml.jackson.core.type.TypeReference<List<Sample>>() { }).writeValueAsString(samples);
    }

    /** One agent's connection: sends the same samples under growing batch sequences, at most {@code window} unacknowledged. */
    private static final class Sender implements WebSocket.Listener {
        private final WebSocket ws;
        private final String node;
        private final String samples;
        private final Semaphore window;
        private final AtomicLong acked, rejected;
        private final int batchSize;
        private final StringBuilder partial = new StringBuilder();
        private long sequence = 1;

        Sender(HttpClient http, URI uri, String token, String node, String samples, int window, AtomicLong acked, AtomicLong rejected) throws Exception {
            this.node = node;
            this.samples = samples;
            this.window = new Semaphore(window);
            this.acked = acked;
            this.rejected = rejected;
            this.batchSize = AgentProtocol.json().readTree(samples).size();
            this.ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + token).buildAsync(uri, this).get(10, TimeUnit.SECONDS);
        }

        void pump(long until) {
            try {
                while (System.nanoTime() < until) {
                    if (!window.tryAcquire(1, TimeUnit.SECONDS)) continue;
                    String msg = "{\"type\":\"samples\",\"batch\":{\"agentId\":\"" + node + "\",\"sequence\":" + (sequence++) + ",\"samples\":" + samples + "}}";
                    ws.sendText(msg, true).get(10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                // the run is over or the connection went: the figures count what was acknowledged
                if (System.nanoTime() < until) System.err.println("bench: agent " + node + " stopped sending: " + e);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (AgentProtocol.read(text) instanceof AgentMessage.Ack a) {
                    acked.addAndGet(a.acceptedSamples());
                    rejected.addAndGet(batchSize - a.acceptedSamples());
                    window.release();
                }
            }
            w.request(1);
            return CompletableFuture.completedFuture(null);
        }

        void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench over");
        }
    }
}

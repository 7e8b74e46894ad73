package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.Sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Times an HTTP GET to the end of the (discarded) body, what a user's small request costs.
 * The client keeps connections alive, so after the first probe the figure is request latency on
 * a warm connection; handshake time is what {@link TcpConnectProber} measures. A 5xx status,
 * a timeout or an I/O error is a lost probe.
 */
public final class HttpProber {

    private final LinkId link;
    private final URI uri;
    private final Duration timeout;
    private final WallClock clock;
    private final HttpClient client;
    private long nextSequence;

    public HttpProber(String agentId, String targetNode, URI uri, Duration timeout, WallClock clock) {
        this.link = LinkId.of(agentId, targetNode);
        this.uri = uri;
        this.timeout = timeout;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Blocks for at most about the timeout; call from a virtual thread. */
    public Sample.Echo probe() {
        long seq;
        synchronized (this) {
            seq = nextSequence++;
        }
        long epoch = clock.epochNanos();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("User-Agent", "galactic-agent-probe").build();
        try {
            long start = System.nanoTime();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            long rtt = System.nanoTime() - start;
            return response.statusCode() >= 500 ? Sample.Echo.lost(link, ProbeType.HTTP, seq, epoch)
                    : Sample.Echo.reply(link, ProbeType.HTTP, seq, epoch, rtt);
        } catch (IOException e) {
            return Sample.Echo.lost(link, ProbeType.HTTP, seq, epoch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Sample.Echo.lost(link, ProbeType.HTTP, seq, epoch);
        }
    }
}

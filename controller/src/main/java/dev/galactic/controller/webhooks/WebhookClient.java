package dev.galactic.controller.webhooks;

import dev.galactic.core.model.WebhookTargets;
import dev.galactic.core.net.IpAddress;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One webhook POST, sent to an address that was checked and to no other. The name in the URL
 * is resolved once, each address is judged by {@link WebhookTargets}, and the socket connects to
 * the first one allowed: a name that answers a public address to the check and an internal one
 * to the connection (DNS rebinding) has no second lookup to win. TLS still verifies the
 * certificate against the name, which is also sent as SNI and in the Host header.
 *
 * <p>{@link java.net.http.HttpClient} cannot be told which address to connect to, hence this
 * small HTTP/1.1 client: one request per connection, the status line read back, nothing else.
 */
final class WebhookClient {

    /** Name lookups; the JVM's resolver in production. */
    @FunctionalInterface
    interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
    }

    /** What became of a request. */
    sealed interface Result {
        /** The receiver answered with this status. */
        record Answered(int status) implements Result {
        }

        /** Not sent: the target is not one the webhook's owner may reach. */
        record Refused(String why) implements Result {
        }

        /** Sent, or tried, and the network or the receiver failed. */
        record Failed(String error) implements Result {
        }
    }

    private static final int MAX_STATUS_LINE = 8192;

    private final WebhookTargets targets;
    private final Resolver resolver;
    private final SSLContext tls;
    private final Duration timeout;

    WebhookClient(WebhookTargets targets, Resolver resolver, SSLContext tls, Duration timeout) {
        this.targets = targets;
        this.resolver = resolver;
        this.tls = tls;
        this.timeout = timeout;
    }

    static WebhookClient system(WebhookTargets targets, Duration timeout) {
        try {
            return new WebhookClient(targets, Resolver.SYSTEM, SSLContext.getDefault(), timeout);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    /**
     * @param restricted whether the owner is a tenant (its targets are checked); the operator's
     *                   own webhooks may send anywhere
     */
    Result post(URI url, Map<String, String> headers, byte[] body, boolean restricted) {
        String host = url.getHost();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        if (host == null || !(https || "http".equalsIgnoreCase(url.getScheme()))) {
            return new Result.Refused(url + " is not an http or https URL with a host");
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (restricted) {
            Optional<String> no = targets.refusalOfHost(host);
            if (no.isPresent()) return new Result.Refused(no.get());
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            return new Result.Failed("cannot resolve " + bare + ": " + e.getMessage());
        }
        InetAddress target = null;
        List<String> refused = new ArrayList<>();
        for (InetAddress a : addresses) {
            Optional<String> no = restricted ? targets.refusal(new IpAddress(a.getAddress())) : Optional.empty();
            if (no.isEmpty()) {
                target = a;
                break;
            }
            refused.add(no.get());
        }
        if (target == null) {
            return new Result.Refused(addresses.isEmpty() ? bare + " resolves to no address"
                    : bare + " resolves only to addresses a tenant's webhook may not reach: " + String.join("; ", refused));
        }
        int port = url.getPort() >= 0 ? url.getPort() : https ? 443 : 80;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target, port), millis(deadline));
            socket.setSoTimeout(millis(deadline));
            try (Socket s = https ? tls(socket, bare, port) : socket) {
                OutputStream out = s.getOutputStream();
                out.write(request(url, host, headers, body.length).getBytes(StandardCharsets.UTF_8));
                out.write(body);
                out.flush();
                return new Result.Answered(status(s, deadline));
            }
        } catch (IOException e) {
            return new Result.Failed(e.getClass().getSimpleName() + ": " + e.getMessage() + " (" + target.getHostAddress() + " port " + port + ")");
        }
    }

    private Socket tls(Socket plain, String name, int port) throws IOException {
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, name, port, true);
        SSLParameters p = s.getSSLParameters();
        // the certificate must be the name's, whatever address we connected to
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (IpAddress.tryParse(name).isEmpty()) p.setServerNames(List.of(new SNIHostName(name)));
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    private static String request(URI url, String host, Map<String, String> headers, int length) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) path += "?" + url.getRawQuery();
        StringBuilder b = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n");
        b.append("Host: ").append(host.toLowerCase(Locale.ROOT)).append(url.getPort() >= 0 ? ":" + url.getPort() : "").append("\r\n");
        headers.forEach((k, v) -> {
            // values are the controller's own (event types, signatures), but a line break in one would forge headers
            if ((k + v).chars().anyMatch(c -> c == '\r' || c == '\n')) throw new IllegalArgumentException("header " + k + " has a line break");
            b.append(k).append(": ").append(v).append("\r\n");
        });
        b.append("Content-Length: ").append(length).append("\r\nConnection: close\r\n\r\n");
        return b.toString();
    }

    /** The status code of the answer's first line, read within the deadline. */
    private static int status(Socket s, long deadline) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            s.setSoTimeout(millis(deadline));
            int c = in.read();
            if (c < 0) throw new IOException("the receiver closed the connection without an answer");
            if (c == '\n') break;
            if (line.size() >= MAX_STATUS_LINE) throw new IOException("the receiver's status line is over " + MAX_STATUS_LINE + " bytes");
            line.write(c);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1).strip();
        String[] parts = text.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[1-5][0-9][0-9]")) {
            throw new IOException("not an HTTP answer: " + (text.length() > 80 ? text.substring(0, 80) + "…" : text));
        }
        return Integer.parseInt(parts[1]);
    }

    /** What is left of the deadline, at least a millisecond (0 would mean no timeout at all). */
    private static int millis(long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) throw new java.net.SocketTimeoutException("no answer within the timeout");
        return (int) Math.min(Integer.MAX_VALUE, left);
    }
}

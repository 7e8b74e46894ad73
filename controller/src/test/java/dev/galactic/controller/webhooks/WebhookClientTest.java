package dev.galactic.controller.webhooks;

import com.sun.net.httpserver.HttpServer;
import dev.galactic.core.model.WebhookTargets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery client against a real receiver on loopback. Names are resolved by a resolver the
 * test gives (standing in for a DNS server that answers what an attacker wants), so that a name
 * can point at loopback without touching the machine's resolver.
 */
class WebhookClientTest {

    record Received(String host, String event, String body) {
    }

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger lookups = new AtomicInteger();
    int port;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", ex -> {
            received.add(new Received(ex.getRequestHeaders().getFirst("Host"), ex.getRequestHeaders().getFirst("X-Galactic-Event"),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/busy") ? 503 : 204, -1);
            ex.close();
        });
        receiver.start();
        port = receiver.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    /** A DNS that answers these addresses for every name, and counts the questions. */
    WebhookClient client(WebhookTargets targets, String... answers) throws Exception {
        WebhookClient.Resolver dns = host -> {
            lookups.incrementAndGet();
            List<InetAddress> out = new java.util.ArrayList<>();
            for (String a : answers) out.add(InetAddress.getByAddress(host, InetAddress.getByName(a).getAddress()));
            return out;
        };
        return new WebhookClient(targets, dns, SSLContext.getDefault(), Duration.ofSeconds(5));
    }

    WebhookClient.Result post(WebhookClient c, String url, boolean tenant) {
        return c.post(URI.create(url), Map.of("X-Galactic-Event", "link.status"), "{\"seq\":1}".getBytes(StandardCharsets.UTF_8), tenant);
    }

    @Test
    void aNameThatResolvesToAnInternalAddressIsRefusedAndNothingIsSent() throws Exception {
        WebhookClient c = client(WebhookTargets.DEFAULT, "127.0.0.1");
        WebhookClient.Result r = post(c, "http://hooks.acme.test:" + port + "/x", true);
        assertThat(r).isInstanceOfSatisfying(WebhookClient.Result.Refused.class,
                no -> assertThat(no.why()).contains("hooks.acme.test").contains("127.0.0.1").contains("loopback"));
        assertThat(received).isEmpty();
        assertThat(post(client(WebhookTargets.DEFAULT, "::ffff:169.254.169.254"), "http://metadata.acme.test:" + port + "/", true))
                .isInstanceOf(WebhookClient.Result.Refused.class);
        assertThat(post(c, "http://127.0.0.1:" + port + "/x", true)).isInstanceOf(WebhookClient.Result.Refused.class);
        assertThat(received).isEmpty();
    }

    @Test
    void theRequestGoesToTheAddressThatWasCheckedAfterOneLookupWithTheNameAsHost() throws Exception {
        // the first answer is refused (link-local is not opened), the second is the allowed receiver
        WebhookClient c = client(WebhookTargets.parse(List.of("127.0.0.1/32")), "169.254.169.254", "127.0.0.1");
        WebhookClient.Result r = post(c, "http://Hooks.Acme.Test:" + port + "/in?x=1", true);
        assertThat(r).isEqualTo(new WebhookClient.Result.Answered(204));
        assertThat(lookups).as("no second lookup for a rebinding DNS to answer").hasValue(1);
        assertThat(received).singleElement().satisfies(x -> {
            assertThat(x.host()).isEqualTo("hooks.acme.test:" + port);
            assertThat(x.event()).isEqualTo("link.status");
            assertThat(x.body()).isEqualTo("{\"seq\":1}");
        });
        assertThat(post(c, "http://hooks.acme.test:" + port + "/busy", true)).isEqualTo(new WebhookClient.Result.Answered(503));
    }

    @Test
    void theOperatorsOwnWebhooksAreNotRestricted() throws Exception {
        WebhookClient c = client(WebhookTargets.DEFAULT, "127.0.0.1");
        assertThat(post(c, "http://127.0.0.1:" + port + "/ops", false)).isEqualTo(new WebhookClient.Result.Answered(204));
        assertThat(post(c, "http://ops.internal.test:" + port + "/ops", false)).isEqualTo(new WebhookClient.Result.Answered(204));
        assertThat(received).hasSize(2);
    }

    @Test
    void aReceiverThatIsNotThereOrNotHttpIsAFailureNotARefusal() throws Exception {
        WebhookClient c = client(WebhookTargets.parse(List.of("127.0.0.1/32")), "127.0.0.1");
        int closed;
        try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(post(c, "http://hooks.acme.test:" + closed + "/", true)).isInstanceOf(WebhookClient.Result.Failed.class);
        try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (var conn = s.accept()) {
                    // answers only once the request's head is in, and drains the rest until the client
                    // hangs up: closing earlier makes the client's write fail before it reads the answer
                    var in = conn.getInputStream();
                    int tail = 0;
                    for (int b; tail != 0x0d0a0d0a && (b = in.read()) >= 0; ) tail = (tail << 8) | b;
                    conn.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
                    conn.shutdownOutput();
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException ignored) {
                    // the client went away
                }
            });
            assertThat(post(c, "http://hooks.acme.test:" + s.getLocalPort() + "/", true)).isInstanceOfSatisfying(WebhookClient.Result.Failed.class,
                    f -> assertThat(f.error()).contains("not an HTTP answer"));
            t.join();
        }
    }

    @Test
    void overTlsTheCertificateIsCheckedForTheNameWhileTheSocketGoesToTheCheckedAddress(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path store = dir.resolve("receiver.p12");
        Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-dname", "CN=hooks.acme.test", "-ext", "SAN=dns:hooks.acme.test",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        var kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        SSLContext trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
        var https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(server));
        https.createContext("/", ex -> {
            received.add(new Received(ex.getRequestHeaders().getFirst("Host"), null, new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        https.start();
        try {
            int tls = https.getAddress().getPort();
            WebhookClient.Resolver dns = host -> List.of(InetAddress.getByAddress(host, new byte[]{127, 0, 0, 1}));
            WebhookClient c = new WebhookClient(WebhookTargets.parse(List.of("127.0.0.1/32")), dns, trusting, Duration.ofSeconds(5));
            assertThat(post(c, "https://hooks.acme.test:" + tls + "/in", true)).isEqualTo(new WebhookClient.Result.Answered(204));
            assertThat(received).singleElement().satisfies(x -> assertThat(x.host()).isEqualTo("hooks.acme.test:" + tls));
            // the same receiver under another name: its certificate is not that name's
            assertThat(post(c, "https://other.acme.test:" + tls + "/in", true)).isInstanceOfSatisfying(WebhookClient.Result.Failed.class,
                    f -> assertThat(f.error()).contains("SSLHandshakeException"));
            assertThat(received).hasSize(1);
        } finally {
            https.stop(0);
        }
    }
}

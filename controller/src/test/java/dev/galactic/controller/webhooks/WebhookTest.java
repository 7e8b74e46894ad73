package dev.galactic.controller.webhooks;

import dev.galactic.controller.TestController;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.galactic.core.model.WebhookTargets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks against real HTTP receivers on loopback: signatures, retries, isolation of a failing
 * receiver. Tenants' webhooks may not reach loopback unless the operator allows it, so the
 * controller here allows 127.0.0.1/32 for them (what an operator would do for an internal
 * receiver); {@link #aTenantsWebhookThatMayNoLongerReachItsTargetIsRefusedAtDelivery} runs without.
 */
class WebhookTest {

    @RegisterExtension
    final TestController ctl = TestController.embedded().with(c -> c.withSimulatedTelemetry(true)
            .withWebhookRetry(new WebhookDispatcher.Retry(3, Duration.ofMillis(100), Duration.ofSeconds(2)))
            .withWebhookTargets(WebhookTargets.parse(List.of("127.0.0.1/32"))));

    static final String SECRET = "a-long-enough-webhook-secret";

    record Received(String signature, String type, String body) {
    }

    HttpServer receivers;
    final List<Received> good = new CopyOnWriteArrayList<>();
    final List<Received> bad = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        receivers = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receivers.createContext("/good", ex -> {
            good.add(new Received(ex.getRequestHeaders().getFirst(WebhookSigner.HEADER), ex.getRequestHeaders().getFirst("X-Galactic-Event"),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receivers.createContext("/bad", ex -> {
            bad.add(new Received(null, null, new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        receivers.start();
        String base = "http://127.0.0.1:" + receivers.getAddress().getPort();
        apply(Files.readString(Path.of("..", "examples", "backbone.yaml")));
        apply("""
                apiVersion: galactic/v1alpha1
                kind: Tenant
                metadata: {name: acme}
                ---
                apiVersion: galactic/v1alpha1
                kind: Webhook
                metadata: {name: pager, tenant: acme}
                spec: {url: '%1$s/good', events: [link-state], secret: %2$s}
                ---
                apiVersion: galactic/v1alpha1
                kind: Webhook
                metadata: {name: broken, tenant: acme}
                spec: {url: '%1$s/bad', events: [link-state]}
                """.formatted(base, SECRET));
    }

    @AfterEach
    void stop() {
        receivers.stop(0);
    }

    JsonNode apply(String yaml) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ctl.get().url() + "/api/v1/apply"))
                .header("Authorization", "Bearer " + ctl.admin()).POST(HttpRequest.BodyPublishers.ofString(yaml)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    JsonNode get(String path) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(ctl.get().url() + path)).header("Authorization", "Bearer " + ctl.admin()).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void anSlaViolationReachesTheTenantsReceiverWithItsRootCauseAndClosesWhenTheLinkRecovers() throws Exception {
        apply(Files.readString(Path.of("..", "examples", "acme-l3vpn-traffic-classes.yaml")));
        apply("""
                apiVersion: galactic/v1alpha1
                kind: Webhook
                metadata: {name: sla, tenant: acme}
                spec: {url: 'http://127.0.0.1:%d/good', events: [sla-violation, sla-recovered], secret: %s}
                """.formatted(receivers.getAddress().getPort(), SECRET));
        await().atMost(Duration.ofSeconds(40)).until(() -> ctl.get().paths().results().stream().anyMatch(r -> r.tenant().equals("acme")
                && r.from().equals("berlin-office") && r.to().equals("boston-cloud") && r.primary() != null)
                && ctl.get().telemetry().linkStates().values().stream().filter(x -> x.source() != null).count() > 100);
        // every way across the Atlantic gets 50 ms slower: no path meets class interactive's 60 ms
        List<String[]> atlantic = List.of(new String[]{"lon", "nyc"}, new String[]{"ams", "nyc"}, new String[]{"par", "iad"});
        for (String[] l : atlantic) {
            ctl.get().simulation().impair(new dev.galactic.controller.telemetry.SimulatedTelemetry.Impairment(l[0], l[1], 50, 0, 0,
                    java.time.Instant.now().plusSeconds(300)));
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> good.stream().anyMatch(x -> "sla.violation".equals(x.type())
                && x.body().contains("interactive berlin-office")));
        Received v = good.stream().filter(x -> "sla.violation".equals(x.type()) && x.body().contains("interactive berlin-office")).findFirst().orElseThrow();
        assertThat(WebhookSigner.verify(SECRET, v.signature(), v.body(), java.time.Instant.now().getEpochSecond(), 300)).isTrue();
        JsonNode event = json.readTree(v.body());
        assertThat(event.path("tenant").asText()).isEqualTo("acme");
        assertThat(event.at("/payload/rootCause").asText()).contains("latency");
        for (String[] l : atlantic) ctl.get().simulation().clear(l[0], l[1]);
        // recovery waits out the monitor's clear delay (30 s by default), so the receiver hears it once
        await().atMost(Duration.ofSeconds(90)).until(() -> good.stream().anyMatch(x -> "sla.recovered".equals(x.type())
                && x.body().contains("interactive berlin-office")));
    }

    @Test
    void signedDeliveriesArriveAndAFailingReceiverBlocksNoOne() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> ctl.get().telemetry().linkStates().values().stream().filter(s -> s.up()).count() > 50);
        ctl.get().simulation().impair(new dev.galactic.controller.telemetry.SimulatedTelemetry.Impairment("fra", "ams", 0, 0, 100,
                java.time.Instant.now().plusSeconds(120)));
        await().atMost(Duration.ofSeconds(30)).until(() -> good.stream().anyMatch(r -> r.body().contains("fra -> ams") && r.body().contains("down")));
        Received r = good.stream().filter(x -> x.body().contains("fra -> ams")).findFirst().orElseThrow();
        assertThat(r.type()).isEqualTo("link.status");
        long now = java.time.Instant.now().getEpochSecond();
        assertThat(WebhookSigner.verify(SECRET, r.signature(), r.body(), now, 300)).isTrue();
        assertThat(WebhookSigner.verify("another-secret-entirely", r.signature(), r.body(), now, 300)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, r.signature(), r.body() + " ", now, 300)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, r.signature(), r.body(), now + 3600, 300)).as("an old delivery replayed").isFalse();
        assertThat(json.readTree(r.body()).path("summary").asText()).contains("link fra -> ams");

        // the broken receiver got the same events, three tries each, and its log says so
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/tenants/acme/webhooks/broken/deliveries").path("items").findValuesAsText("outcome").contains("failed"));
        JsonNode log = get("/api/v1/tenants/acme/webhooks/broken/deliveries").path("items");
        assertThat(log.findValuesAsText("outcome")).contains("retrying", "failed");
        assertThat(log.findValuesAsText("error")).anySatisfy(e -> assertThat(e).contains("503"));
        assertThat(bad).isNotEmpty();
        assertThat(bad.stream().allMatch(x -> x.signature() == null)).isTrue();
        JsonNode goodLog = get("/api/v1/tenants/acme/webhooks/pager/deliveries").path("items");
        assertThat(goodLog.findValuesAsText("outcome")).containsOnly("delivered");
    }

    @Test
    void aTenantsWebhookThatMayNoLongerReachItsTargetIsRefusedAtDelivery() throws Exception {
        // the same stored webhooks, but the operator no longer allows loopback for tenants
        ctl.restart(c -> c.withWebhookTargets(WebhookTargets.DEFAULT));
        long before = get("/api/v1/tenants/acme/webhooks/pager/deliveries").path("items").path(0).path("id").asLong(0);
        good.clear();
        await().atMost(Duration.ofSeconds(30)).until(() -> ctl.get().telemetry().linkStates().values().stream().filter(s -> s.up()).count() > 50);
        ctl.get().simulation().impair(new dev.galactic.controller.telemetry.SimulatedTelemetry.Impairment("fra", "ams", 0, 0, 100,
                java.time.Instant.now().plusSeconds(120)));
        java.util.concurrent.Callable<List<JsonNode>> since = () -> java.util.stream.StreamSupport.stream(
                get("/api/v1/tenants/acme/webhooks/pager/deliveries").path("items").spliterator(), false).filter(d -> d.path("id").asLong() > before).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> !since.call().isEmpty());
        JsonNode log = json.valueToTree(since.call());
        assertThat(log.findValuesAsText("outcome")).containsOnly("failed");
        assertThat(log.findValuesAsText("error")).allSatisfy(e -> assertThat(e).contains("refused").contains("127.0.0.1").contains("loopback"));
        assertThat(log.findValuesAsText("attempt")).as("a refusal is not retried").containsOnly("1");
        assertThat(good).isEmpty();
    }
}

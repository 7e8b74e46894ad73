package dev.galactic.controller.telemetry;

import dev.galactic.controller.TestController;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Telemetry through the controller: simulated probes, HTTP ingest, link states, events, impairments. */
class TelemetryServiceTest {

    @RegisterExtension
    final TestController ctl = TestController.embedded().with(c -> c.withSimulatedTelemetry(true).withTelemetryRollup(Duration.ofSeconds(1))).applying("backbone.yaml");

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return ctl.send(method, path, token, body);
    }

    LinkState state(String from, String to) {
        return ctl.get().telemetry().linkStates().get(LinkId.of(from, to));
    }

    @Test
    void simulatedProbesMeasureTheModelAndAnImpairment() throws Exception {
        // fra-ams: nominal 2.19 ms one way in examples/backbone.yaml
        await().atMost(Duration.ofSeconds(30)).until(() -> state("fra", "ams") != null && state("fra", "ams").up() && state("fra", "ams").sampleCount() >= 10);
        assertThat(state("fra", "ams").latencyMs()).isBetween(1.9, 2.6);
        assertThat(state("fra", "ams").lossPercent()).isZero();
        // an edge probes its uplinks too
        await().atMost(Duration.ofSeconds(10)).until(() -> state("edge-ber", "fra") != null && state("edge-ber", "fra").up());

        // what is not a number in range is refused, field by field
        for (String bad : List.of("{\"a\": \"fra\", \"b\": \"ams\", \"delayMs\": \"NaN\"}", "{\"a\": \"fra\", \"b\": \"ams\", \"delayMs\": \"30\"}",
                "{\"a\": 42, \"b\": \"ams\"}", "{\"a\": \"fra\", \"b\": \"ams\", \"seconds\": 1.5}", "{\"a\": \"fra\", \"b\": \"ams\", \"delay\": 30}")) {
            var refused = send("POST", "/api/v1/simulation/impairments", ctl.admin(), bad);
            assertThat(refused.statusCode()).as(bad + ": " + refused.body()).isEqualTo(422);
        }
        assertThat(ctl.get().simulation().impairments()).isEmpty();
        var r = send("POST", "/api/v1/simulation/impairments", ctl.admin(), "{\"a\": \"fra\", \"b\": \"ams\", \"delayMs\": 30, \"lossPercent\": 20, \"seconds\": 600}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> state("fra", "ams").latencyMs() > 25 && state("fra", "ams").lossPercent() > 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> ctl.get().events().recent(e -> e.type().wire().startsWith("link.") && e.summary().contains("fra -> ams"), 0, 100)
                .stream().anyMatch(e -> dev.galactic.controller.events.EventJson.payload(e.body()).path("latencyMs").asDouble() > 25));
        JsonNode states = json.readTree(send("GET", "/api/v1/linkstates", ctl.admin(), null).body());
        assertThat(states.path("items")).anySatisfy(s -> {
            assertThat(s.path("from").asText()).isEqualTo("fra");
            assertThat(s.path("to").asText()).isEqualTo("ams");
            assertThat(s.path("latencyMs").asDouble()).isGreaterThan(25);
        });
        assertThat(send("GET", "/metrics", ctl.admin(), null).body()).contains("galactic_link_latency_seconds{from=\"fra\",to=\"ams\"}");

        // history: rollups every second here (a minute in production), with the impairment in them
        await().atMost(Duration.ofSeconds(10)).until(() -> json.readTree(send("GET", "/api/v1/linkstates/fra/ams/history?minutes=5", ctl.admin(), null).body())
                .path("items").findValuesAsText("latencyMs").stream().anyMatch(v -> Double.parseDouble(v) > 25));
        JsonNode hist = json.readTree(send("GET", "/api/v1/linkstates/fra/ams/history?minutes=5", ctl.admin(), null).body()).path("items");
        assertThat(hist.get(0).path("latencyMs").asDouble()).isLessThan(3);
        // raw export, as JSON Lines and CSV, for a link
        String jsonl = send("GET", "/api/v1/telemetry/export?link=fra,ams&format=jsonl", ctl.admin(), null).body();
        assertThat(jsonl.lines().count()).isGreaterThanOrEqualTo(10);
        jsonl.lines().forEach(l -> assertThat(l).contains("\"from\":\"fra\",\"to\":\"ams\""));
        String csv = send("GET", "/api/v1/telemetry/export?link=fra,ams&format=csv", ctl.admin(), null).body();
        assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo("kind,from,to,type,timestamp,sequence,rtt_ms,lost,mbps,loss_percent");
        assertThat(csv).contains("echo,fra,ams,udp,").contains(",true,,");
        assertThat(send("GET", "/api/v1/telemetry/export?format=xml", ctl.admin(), null).statusCode()).isEqualTo(400);

        assertThat(send("DELETE", "/api/v1/simulation/impairments/fra/ams", ctl.admin(), null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(40)).until(() -> state("fra", "ams").latencyMs() < 3);
    }

    @Test
    void aTenantSeesTheCoreAndTheUplinksOfItsOwnEdgesOnly() throws Exception {
        for (String f : List.of("acme-l3vpn-traffic-classes.yaml", "globex-geofenced-waypoints.yaml")) {
            assertThat(send("POST", "/api/v1/apply", ctl.admin(), Files.readString(Path.of("..", "examples", f))).statusCode()).isEqualTo(200);
        }
        String acme = json.readTree(send("POST", "/api/v1/tokens", ctl.admin(), "{\"tenant\": \"acme\"}").body()).path("token").asText();
        String globex = json.readTree(send("POST", "/api/v1/tokens", ctl.admin(), "{\"tenant\": \"globex\"}").body()).path("token").asText();
        // edge-bos has acme's sites only; edge-ber has both tenants'
        await().atMost(Duration.ofSeconds(30)).until(() -> state("edge-bos", "nyc") != null && state("edge-bos", "nyc").up()
                && state("fra", "ams") != null && state("edge-ber", "fra") != null);
        java.util.function.Function<String, List<String>> links = token -> {
            try {
                List<String> out = new java.util.ArrayList<>();
                for (JsonNode n : json.readTree(send("GET", "/api/v1/linkstates", token, null).body()).path("items")) {
                    out.add(n.path("from").asText() + ">" + n.path("to").asText());
                }
                return out;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(links.apply(globex)).contains("fra>ams", "edge-ber>fra").noneMatch(l -> l.contains("edge-bos"));
        assertThat(links.apply(acme)).contains("fra>ams", "edge-bos>nyc", "edge-ber>fra");
        assertThat(links.apply(ctl.admin())).contains("edge-bos>nyc", "fra>ams");
        await().atMost(Duration.ofSeconds(10)).until(() -> json.readTree(send("GET", "/api/v1/linkstates/edge-bos/nyc/history?minutes=5", acme, null).body())
                .path("items").size() > 0);
        assertThat(json.readTree(send("GET", "/api/v1/linkstates/edge-bos/nyc/history?minutes=5", globex, null).body()).path("items")).isEmpty();
        // events about edge-bos's uplinks reach acme (and operators), not globex
        await().atMost(Duration.ofSeconds(10)).until(() -> !ctl.get().events().recent(e -> e.type().wire().startsWith("link.")
                && e.summary().contains("edge-bos"), 0, 1000).isEmpty());
        String acmeEvents = send("GET", "/api/v1/events?type=link.&limit=1000", acme, null).body();
        String globexEvents = send("GET", "/api/v1/events?type=link.&limit=1000", globex, null).body();
        assertThat(acmeEvents).contains("edge-bos");
        assertThat(globexEvents).doesNotContain("edge-bos").contains("fra");
    }

    @Test
    void httpIngestValidatesAndTellsWhy() throws Exception {
        // real agents only: the simulator would be a second producer for the same agent ids
        ctl.restart(c -> c.withSimulatedTelemetry(false));
        long now = System.currentTimeMillis() * 1_000_000L;
        String unknown = """
                {"agentId": "mars", "sequence": 1, "samples": [
                  {"kind": "echo", "link": {"from": "mars", "to": "fra"}, "type": "UDP", "sequence": 1, "timestampNanos": %d, "rttNanos": 1000000, "lost": false}]}
                """.formatted(now);
        var r = send("POST", "/api/v1/telemetry", ctl.admin(), unknown);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).contains("UNKNOWN_AGENT");
        // refused as a whole: an error like every other
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(r.body()).at("/errors/0/reason").asText()).startsWith("UNKNOWN_AGENT");
        String negative = """
                {"agentId": "fra", "sequence": 5, "samples": [
                  {"kind": "echo", "link": {"from": "fra", "to": "lon"}, "type": "UDP", "sequence": 1, "timestampNanos": %d, "rttNanos": -5, "lost": false},
                  {"kind": "echo", "link": {"from": "fra", "to": "lon"}, "type": "UDP", "sequence": 2, "timestampNanos": %d, "rttNanos": 4000000, "lost": false}]}
                """.formatted(now, now);
        r = send("POST", "/api/v1/telemetry", ctl.admin(), negative);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("acceptedSamples").asInt()).isEqualTo(1);
        assertThat(body.path("rejections").toString()).contains("NEGATIVE_RTT");
        assertThat(send("POST", "/api/v1/telemetry", ctl.admin(), negative).body()).as("a replayed batch").contains("REPLAYED_BATCH");
        assertThat(send("POST", "/api/v1/telemetry", ctl.admin(), "{\"agentId\": ").statusCode()).isEqualTo(400);
        String tenant = json.readTree(send("POST", "/api/v1/apply", ctl.admin(), "apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: t1}\n").body()).toString();
        assertThat(tenant).contains("created");
        String token = json.readTree(send("POST", "/api/v1/tokens", ctl.admin(), "{\"tenant\": \"t1\"}").body()).path("token").asText();
        assertThat(send("POST", "/api/v1/telemetry", token, negative).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/linkstates", token, null).statusCode()).isEqualTo(200);
    }
}

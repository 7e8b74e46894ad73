package dev.galactic.controller.metrics;

import dev.galactic.controller.TestController;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** /metrics: scoped by who scrapes, valid for promtool, and scraped by a real Prometheus. */
class MetricsTest {

    @RegisterExtension
    final TestController ctl = TestController.embedded().applying("backbone.yaml", "acme-l3vpn-traffic-classes.yaml", "globex-geofenced-waypoints.yaml");

    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> send(String method, String path, String token, String body) throws IOException, InterruptedException {
        return ctl.send(method, path, token, body);
    }

    String scrape(String token) throws Exception {
        HttpResponse<String> r = send("GET", "/metrics", token, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return r.body();
    }

    static boolean tool(String path) {
        if (Files.isExecutable(Path.of(path))) return true;
        String why = path + " is missing (Debian package prometheus; ./scripts/test installs it)";
        if (Boolean.getBoolean("galactic.requireTools")) throw new IllegalStateException(why);
        Assumptions.abort(why);
        return false;
    }

    @Test
    void whoScrapesDecidesWhichTenantSeriesAppear() throws Exception {
        send("GET", "/api/v1/vpcs", ctl.admin(), null);
        String anonymous = scrape(null);
        assertThat(anonymous).contains("galactic_resources{kind=\"Node\"} 17").contains("jvm_memory_used_bytes")
                .contains("galactic_api_requests_total{method=\"GET\",route=\"/api/v1/vpcs\",status=\"200\"}")
                .doesNotContain("tenant=");
        String operator = scrape(ctl.admin());
        assertThat(operator).contains("galactic_tenant_resources{kind=\"Vpc\",tenant=\"acme\"} 1")
                .contains("tenant=\"globex\"").contains("galactic_apply_batches_total{outcome=\"committed\"} 3");
        String acmeToken = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                send("POST", "/api/v1/tokens", ctl.admin(), "{\"tenant\": \"acme\"}").body()).path("token").asText();
        String acme = scrape(acmeToken);
        assertThat(acme).contains("tenant=\"acme\"").doesNotContain("globex").doesNotContain("jvm_");
        assertThat(send("GET", "/metrics", "gx_bad_token", null).statusCode()).isEqualTo(401);
    }

    @Test
    void anAnonymousScrapeRevealsNothingOfTheTenantsNotEvenHowMany() throws Exception {
        String anonymous = scrape(null);
        for (String kind : List.of("Tenant", "TrafficClass", "Vpc", "Attachment", "Classifier", "Policy")) {
            assertThat(anonymous).as(kind).doesNotContain("kind=\"" + kind + "\"");
        }
        assertThat(anonymous).doesNotContain("acme").doesNotContain("globex")
                .contains("galactic_resources{kind=\"Link\"}")
                .as("globex's webhook is not the backbone's").contains("galactic_resources{kind=\"Webhook\"} 0");
        String operator = scrape(ctl.admin());
        assertThat(operator).contains("galactic_tenant_resources{kind=\"Tenant\",tenant=\"acme\"} 1")
                .contains("galactic_tenant_resources{kind=\"Webhook\",tenant=\"globex\"} 1");
    }

    @Test
    void promtoolAcceptsTheExposition() throws Exception {
        tool("/usr/bin/promtool");
        // a controller that measures links and computes paths, so every family has series
        ctl.restart(c -> c.withSimulatedTelemetry(true));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> ctl.get().telemetry().linkStates().values().stream()
                .anyMatch(s -> s.source() != null) && !ctl.get().paths().results().isEmpty());
        // a BGP session with an accepted and a rejected prefix, so every galactic_bgp_ series is in the operator's scrape
        ctl.reportRoutes("edge-dub", new dev.galactic.core.agent.AgentMessage.Routes("acme", "dublin-dc",
                dev.galactic.core.bgp.SessionState.ESTABLISHED, List.of(
                        new dev.galactic.core.bgp.LearnedRoute("10.20.1.0/24", List.of(65020L), List.of(), null),
                        new dev.galactic.core.bgp.LearnedRoute("192.0.2.0/24", List.of(65020L), List.of(), null)), null));
        assertThat(scrape(ctl.admin())).contains("galactic_bgp_session_up{").contains("galactic_bgp_prefixes_received{")
                .contains("galactic_bgp_prefixes_accepted{").contains("galactic_bgp_prefixes_rejected{");
        String full = scrape(ctl.admin());
        // every family the controller registers has samples in the operator's scrape
        List<String> families = full.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).toList();
        assertThat(families).contains("galactic_link_latency_seconds", "galactic_link_jitter_seconds", "galactic_bgp_session_up");
        for (String name : families) {
            assertThat(full.lines().filter(l -> !l.startsWith("#")).anyMatch(l -> l.startsWith(name)))
                    .as("samples of " + name).isTrue();
        }
        assertThat(full).contains("galactic_link_latency_seconds{");
        for (String text : List.of(scrape(null), full)) {
            Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
            p.getOutputStream().write(text.getBytes());
            p.getOutputStream().close();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.exitValue()).as(out).isZero();
        }
    }

    @Test
    void aRealPrometheusScrapesTheController() throws Exception {
        tool("/usr/bin/prometheus");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path token = dir.resolve("token");
        Files.writeString(token, ctl.admin());
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global: {scrape_interval: 1s}
                scrape_configs:
                  - job_name: galactic
                    authorization: {credentials_file: %s}
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(token, ctl.get().port()));
        Process prom = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            String query = "http://127.0.0.1:" + port + "/api/v1/query?query=galactic_tenant_resources%7Btenant%3D%22acme%22%2Ckind%3D%22Vpc%22%7D";
            String body = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                try {
                    body = http.send(HttpRequest.newBuilder(URI.create(query)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    if (body.contains("\"value\"")) break;
                } catch (IOException notYet) {
                    // Prometheus is still starting
                }
                Thread.sleep(500);
            }
            assertThat(body).as(Files.readString(dir.resolve("prometheus.log"))).contains("\"tenant\":\"acme\"").contains("\"1\"]");
        } finally {
            prom.destroy();
            if (!prom.waitFor(10, TimeUnit.SECONDS)) prom.destroyForcibly().waitFor();
        }
    }
}

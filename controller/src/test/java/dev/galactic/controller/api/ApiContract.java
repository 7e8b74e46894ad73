package dev.galactic.controller.api;

import dev.galactic.controller.TestController;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.galactic.controller.ControllerConfig;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API against a real controller on a free port, for each database. */
abstract class ApiContract {

    @RegisterExtension
    final TestController ctl = TestController.embedded().with(c -> database(c.withMaxBodyBytes(MAX_BODY)))
            .applying("backbone.yaml", "acme-l3vpn-traffic-classes.yaml", "globex-geofenced-waypoints.yaml");

    static final Path EXAMPLES = Path.of("..", "examples");
    static final long MAX_BODY = 256 * 1024;

    Http admin;
    Http anonymous;

    abstract ControllerConfig database(ControllerConfig base);

    @BeforeEach
    void clients() {
        admin = new Http(ctl.get().url(), ctl.admin());
        anonymous = new Http(ctl.get().url(), null);
    }

    /** Stops the controller and starts it again on the same database, with a changed configuration. */
    void restart(java.util.function.UnaryOperator<ControllerConfig> change) {
        ctl.restart(change);
        admin = admin.withBase(ctl.get().url());
        anonymous = anonymous.withBase(ctl.get().url());
    }

    int count(String path) {
        return admin.get(path).json().path("items").size();
    }

    static JsonNode onlyError(Http.Response r) {
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("errors")).as(r.text()).hasSize(1);
        return r.json().path("errors").get(0);
    }

    // ---- health, docs, auth

    @Test
    void healthAndReadinessNeedNoToken() {
        assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
        assertThat(anonymous.get("/readyz").json().path("status").asText()).isEqualTo("ready");
        assertThat(anonymous.get("/swagger").text()).contains("swagger-ui-bundle.js");
        String css = anonymous.get("/swagger").text().replaceAll("(?s).*href=\"([^\"]+)\".*", "$1");
        assertThat(anonymous.get(css).status()).isEqualTo(200);
    }

    @Test
    void openApiDocumentParsesAsOpenApi31() {
        Http.Response r = anonymous.get("/openapi.json");
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.text());
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/api/v1/apply", "/api/v1/tenants/{tenant}/vpcs/{name}", "/api/v1/nodes/{name}");
        assertThat(parsed.getOpenAPI().getComponents().getSchemas()).containsKeys("VpcSpec", "TrafficClassSpecFec", "Problem");
        var mode = (io.swagger.v3.oas.models.media.Schema<?>) parsed.getOpenAPI().getComponents().getSchemas().get("TrafficClassSpec").getProperties().get("mode");
        assertThat(mode.getEnum()).extracting(Object::toString).contains("lowest-latency", "lossless-fec");
    }

    @Test
    void theApiNeedsAValidToken() {
        Http.Response none = anonymous.get("/api/v1/vpcs");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().path("detail").asText()).contains("Authorization: Bearer");
        Http.Response wrong = anonymous.as("gx_nope_nope").get("/api/v1/vpcs");
        assertThat(wrong.status()).isEqualTo(401);
        // where the operator's token lies is for the operator to know, not for whoever knocks
        for (Http.Response r : List.of(none, wrong)) {
            assertThat(r.text()).doesNotContain("admin-token").doesNotContain(ctl.dataDir().toString()).doesNotContain(ctl.dataDir().getParent().getFileName().toString());
        }
    }

    // ---- apply, get, list

    @Test
    void listsByKindTenantAndLabel() {
        assertThat(count("/api/v1/nodes")).isEqualTo(17);
        assertThat(count("/api/v1/nodes?selector=region=eu")).isEqualTo(11);
        assertThat(count("/api/v1/nodes?selector=region!=eu")).isEqualTo(6);
        assertThat(count("/api/v1/vpcs")).isEqualTo(2);
        assertThat(count("/api/v1/tenants/acme/attachments")).isEqualTo(3);
        assertThat(count("/api/v1/attachments?tenant=globex")).isEqualTo(3);
        JsonNode vpc = admin.get("/api/v1/tenants/globex/vpcs/eu-finance").json();
        assertThat(vpc.at("/spec/mustInclude/0").asText()).isEqualTo("fra");
        assertThat(vpc.at("/metadata/resourceVersion").asLong()).isPositive();
        assertThat(admin.get("/api/v1/tenants/globex/vpcs/eu-finance", "application/yaml").text()).contains("kind: Vpc");
        assertThat(admin.get("/api/v1/widgets").status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/nodes?selector=a%3D%3D%3Db").status()).isEqualTo(400);
    }

    @Test
    void dryRunShowsTheDiffAndStoresNothing() {
        String edit = "apiVersion: galactic/v1alpha1\nkind: Vpc\nmetadata: {name: eu-finance, tenant: globex}\n"
                + "spec: {type: l3vpn, trafficClass: zero-loss, mustInclude: [ams], mustAvoid: [par], excludedCountries: [US, GB], maxHops: 6}\n";
        Http.Response r = admin.post("/api/v1/apply?dryRun=true", "application/yaml", edit);
        assertThat(r.status()).isEqualTo(200);
        JsonNode res = r.json().at("/results/0");
        assertThat(res.path("action").asText()).isEqualTo("configured");
        assertThat(res.at("/diff/0/path").asText()).isEqualTo("/spec/mustInclude");
        assertThat(res.at("/diff/0/before/0").asText()).isEqualTo("fra");
        assertThat(res.at("/diff/0/after/0").asText()).isEqualTo("ams");
        assertThat(admin.get("/api/v1/tenants/globex/vpcs/eu-finance").json().at("/spec/mustInclude/0").asText()).isEqualTo("fra");
        assertThat(admin.apply(edit).json().at("/results/0/action").asText()).isEqualTo("configured");
        assertThat(admin.get("/api/v1/tenants/globex/vpcs/eu-finance").json().at("/spec/mustInclude/0").asText()).isEqualTo("ams");
    }

    @Test
    void webhookSecretsAreNeverReturned() {
        JsonNode hook = admin.get("/api/v1/tenants/globex/webhooks/noc-pager").json();
        assertThat(hook.at("/spec/secret").isMissingNode()).isTrue();
        assertThat(hook.at("/status/secretConfigured").asBoolean()).isTrue();
        assertThat(admin.get("/api/v1/webhooks").text()).doesNotContain("change-me");
    }

    @Test
    void nodesAndTenantsShowTheirSidsAndKeepThemAcrossChangesAndRestarts() {
        JsonNode fra = admin.get("/api/v1/nodes/fra").json();
        String locator = fra.at("/status/sids/locator").asText();
        assertThat(locator).matches("fc00:0:[0-9a-f]+::/48");
        assertThat(fra.at("/status/sids/end").asText()).startsWith(locator.substring(0, locator.indexOf("::")) + ":1000::");
        long tenantId = admin.get("/api/v1/tenants/acme").json().at("/status/sids/tenantId").asLong();
        assertThat(tenantId).isBetween(1L, 4095L);
        // each VPC has its own id (its decapsulation SIDs' argument), one whose name is as long as names go included
        long vpcId = admin.get("/api/v1/tenants/acme/vpcs/prod").json().at("/status/sids/vpcId").asLong();
        assertThat(vpcId).isBetween(1L, 4095L);
        String longName = "v".repeat(63);
        admin.apply("apiVersion: galactic/v1alpha1\nkind: Vpc\nmetadata: {name: " + longName + ", tenant: acme}\nspec: {type: l3vpn, trafficClass: interactive}\n");
        long longId = admin.get("/api/v1/tenants/acme/vpcs/" + longName).json().at("/status/sids/vpcId").asLong();
        assertThat(longId).isBetween(1L, 4095L).isNotEqualTo(vpcId);
        // a new node takes a fresh id; nobody else's moves
        admin.apply("apiVersion: galactic/v1alpha1\nkind: Node\nmetadata: {name: aaa}\nspec: {role: core, location: {lat: 1, lon: 1, country: DE}}\n");
        assertThat(admin.get("/api/v1/nodes/fra").json().at("/status/sids/locator").asText()).isEqualTo(locator);
        String aaa = admin.get("/api/v1/nodes/aaa").json().at("/status/sids/locator").asText();
        assertThat(admin.get("/api/v1/nodes").json().path("items")).extracting(n -> n.at("/status/sids/locator").asText())
                .doesNotHaveDuplicates().contains(aaa);
        restart(c -> c);
        Http again = admin.as(admin.token()).withBase(ctl.get().url());
        assertThat(again.get("/api/v1/nodes/fra").json().at("/status/sids/locator").asText()).isEqualTo(locator);
        assertThat(again.get("/api/v1/tenants/acme").json().at("/status/sids/tenantId").asLong()).isEqualTo(tenantId);
        assertThat(again.get("/api/v1/tenants/acme/vpcs/prod").json().at("/status/sids/vpcId").asLong()).isEqualTo(vpcId);
    }

    @Test
    void everyNodeHasAVersionedConfigAndCoresHoldNoTenants() {
        JsonNode fra = admin.get("/api/v1/nodes/fra/config").json();
        assertThat(fra.path("version").asLong()).isEqualTo(1);
        assertThat(fra.at("/config/tenants")).isEmpty();
        assertThat(fra.at("/config/localSids/0/function").asText()).isEqualTo("END");
        JsonNode ber = admin.get("/api/v1/nodes/edge-ber/config").json();
        assertThat(ber.at("/config/tenants").findValuesAsText("tenant")).contains("acme", "globex");
        assertThat(admin.get("/api/v1/nodes/fra").json().at("/status/config/desiredVersion").asLong()).isEqualTo(1);
        assertThat(admin.get("/api/v1/nodes/fra").json().at("/status/config/inSync").asBoolean()).isFalse();
        // a change that concerns only tenants' sites gives their edges new versions (once for the
        // site, again when its paths are computed), and the cores none
        admin.apply("apiVersion: galactic/v1alpha1\nkind: Attachment\nmetadata: {name: potsdam, tenant: acme}\n"
                + "spec: {vpc: prod, node: edge-ber, kind: port, prefixes: [10.11.0.0/16]}\n");
        assertThat(admin.get("/api/v1/nodes/edge-ber/config").json().path("version").asLong()).isGreaterThan(ber.path("version").asLong());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                admin.get("/api/v1/nodes/edge-dub/config").json().at("/config/tenants").toString().contains("10.11.0.0/16"));
        assertThat(admin.get("/api/v1/nodes/fra/config").json().path("version").asLong()).isEqualTo(1);
        assertThat(admin.get("/api/v1/nodes/atlantis/config").status()).isEqualTo(404);
    }

    // ---- bad input: each is a clear 4xx and changes nothing

    @Test
    void malformedYamlAndJson() {
        Http.Response y = admin.apply("apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: [x\n");
        assertThat(y.status()).isEqualTo(400);
        assertThat(y.json().path("detail").asText()).contains("YAML is malformed at line");
        Http.Response j = admin.post("/api/v1/apply", "application/json", "{\"kind\": \"Tenant\", ");
        assertThat(j.status()).isEqualTo(400);
        assertThat(j.json().path("detail").asText()).contains("JSON is malformed");
    }

    @Test
    void unknownKindApiVersionAndFields() {
        Http.Response k = admin.apply("apiVersion: galactic/v1alpha1\nkind: Router\nmetadata: {name: x}\n");
        assertThat(k.status()).isEqualTo(400);
        assertThat(onlyError(k).path("pointer").asText()).isEqualTo("/kind");
        Http.Response v = admin.apply("apiVersion: galactic/v9\nkind: Tenant\nmetadata: {name: x}\n");
        assertThat(v.status()).isEqualTo(400);
        assertThat(onlyError(v).path("pointer").asText()).isEqualTo("/apiVersion");
        Http.Response f = admin.apply("apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: x}\nspec: {asn: 65000, colour: blue}\n");
        assertThat(f.status()).isEqualTo(422);
        JsonNode e = onlyError(f);
        assertThat(e.path("pointer").asText()).isEqualTo("/spec/colour");
        assertThat(e.path("reason").asText()).contains("unknown field");
        assertThat(admin.get("/api/v1/tenants/x").status()).isEqualTo(404);
    }

    @Test
    void missingRequiredFieldsInvalidCidrAndAsn() {
        Http.Response r = admin.apply("""
                apiVersion: galactic/v1alpha1
                kind: Attachment
                metadata: {name: bad, tenant: acme}
                spec: {vpc: prod, node: edge-sea, prefixes: [10.99.0.0/33], bgp: {peerAsn: 0, peerAddress: 172.16.0.1}}
                ---
                apiVersion: galactic/v1alpha1
                kind: Attachment
                metadata: {name: bad2, tenant: acme}
                spec: {vpc: prod, node: edge-sea, kind: port, bgp: {peerAsn: 4294967296, peerAddress: 172.16.0.1}}
                """);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors")).extracting(x -> x.path("item").asInt() + x.path("pointer").asText())
                .containsExactlyInAnyOrder("0/spec/kind", "0/spec/prefixes/0", "0/spec/bgp/peerAsn", "1/spec/bgp/peerAsn");
        assertThat(count("/api/v1/attachments")).isEqualTo(6);
    }

    @Test
    void freeTextWithControlCharactersOrNoEndIsRefused() {
        Http.Response escapes = admin.post("/api/v1/apply", "application/json", "{\"apiVersion\": \"galactic/v1alpha1\", \"kind\": \"Tenant\", "
                + "\"metadata\": {\"name\": \"evil\"}, \"spec\": {\"contact\": \"ops@evil.example\\u0000\\u001b[2J\\u001b]0;pwned\\u0007\"}}");
        assertThat(escapes.status()).as(escapes.text()).isEqualTo(422);
        assertThat(onlyError(escapes).path("pointer").asText()).isEqualTo("/spec/contact");
        assertThat(onlyError(escapes).path("reason").asText()).contains("control character");
        Http.Response huge = admin.apply("apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: evil}\nspec: {displayName: " + "x".repeat(100_000) + "}\n");
        assertThat(huge.status()).isEqualTo(422);
        assertThat(onlyError(huge).path("pointer").asText()).isEqualTo("/spec/displayName");
        assertThat(admin.get("/api/v1/tenants/evil").status()).isEqualTo(404);
    }

    @Test
    void aSiteCannotClaimTheBackbonesSidSpaceOrABogon() {
        String locator = admin.get("/api/v1/nodes/ams").json().at("/status/sids/locator").asText();
        String site = "apiVersion: galactic/v1alpha1\nkind: Attachment\nmetadata: {name: grab, tenant: acme}\n"
                + "spec: {vpc: prod, node: edge-sea, kind: port, prefixes: [\"%s\"]}\n";
        for (String p : List.of(locator, "fc00::/16", "127.0.0.0/8", "169.254.0.0/16", "::ffff:10.0.0.0/104", "0.0.0.0/0")) {
            Http.Response r = admin.apply(site.formatted(p));
            assertThat(r.status()).as(p).isEqualTo(422);
            JsonNode e = onlyError(r);
            assertThat(e.path("pointer").asText()).isEqualTo("/spec/prefixes/0");
            assertThat(e.path("reason").asText()).as(p).containsAnyOf("SID space", "bogon", "allowDefault");
        }
        assertThat(admin.get("/api/v1/tenants/acme/attachments/grab").status()).isEqualTo(404);
    }

    @Test
    void aTenantsWebhookCannotTargetTheControllersOwnOrInternalAddresses() {
        String hook = "apiVersion: galactic/v1alpha1\nkind: Webhook\nmetadata: {name: ssrf%s}\nspec: {url: '%s'}\n";
        List<String> internal = List.of("http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:" + ctl.get().port() + "/api/v1/tokens",
                "http://localhost:5432/", "http://[::1]:22/", "http://10.0.0.1/", "http://0.0.0.0:8080/", "http://[::ffff:127.0.0.1]/",
                "http://127.1/", "http://2130706433/", "http://LocalHost./", "https://api.localhost/", "http://[fe80::1]/", "http://224.0.0.1/");
        Http acme = tenant("acme");
        for (String url : internal) {
            Http.Response r = acme.apply(hook.formatted("", url));
            assertThat(r.status()).as(url + " -> " + r.text()).isEqualTo(422);
            assertThat(onlyError(r).path("pointer").asText()).isEqualTo("/spec/url");
            Http.Response byOperator = admin.apply(hook.formatted(", tenant: acme", url));
            assertThat(byOperator.status()).as("the operator writing a tenant's webhook: " + url).isEqualTo(422);
        }
        assertThat(count("/api/v1/tenants/acme/webhooks")).isZero();
        assertThat(acme.apply(hook.formatted("", "https://hooks.acme.example/galactic")).status()).isEqualTo(200);
        // the operator's own webhooks are the operator's business
        Http.Response own = admin.apply(hook.formatted("", "http://127.0.0.1:9/alerts"));
        assertThat(own.status()).as(own.text()).isEqualTo(200);
    }

    @Test
    void overlappingPrefixAndMissingReferences() {
        Http.Response overlap = admin.apply("apiVersion: galactic/v1alpha1\nkind: Attachment\nmetadata: {name: o, tenant: acme}\n"
                + "spec: {vpc: prod, node: edge-sea, kind: port, prefixes: [10.10.4.0/24]}\n");
        assertThat(overlap.status()).isEqualTo(422);
        assertThat(onlyError(overlap).path("reason").asText()).contains("overlaps 10.10.0.0/16 of attachment \"berlin-office\"");
        Http.Response node = admin.apply("apiVersion: galactic/v1alpha1\nkind: Attachment\nmetadata: {name: o, tenant: acme}\n"
                + "spec: {vpc: prod, node: edge-mars, kind: port}\n");
        assertThat(onlyError(node).path("reason").asText()).contains("Node \"edge-mars\" does not exist");
        Http.Response tenant = admin.apply("apiVersion: galactic/v1alpha1\nkind: TrafficClass\nmetadata: {name: o, tenant: nobody}\nspec: {mode: lowest-cost}\n");
        assertThat(onlyError(tenant).path("pointer").asText()).isEqualTo("/metadata/tenant");
    }

    @Test
    void aBatchWithOneInvalidResourceStoresNothing() {
        int tenants = count("/api/v1/tenants");
        Http.Response r = admin.apply("""
                apiVersion: galactic/v1alpha1
                kind: Tenant
                metadata: {name: initech}
                ---
                apiVersion: galactic/v1alpha1
                kind: TrafficClass
                metadata: {name: std, tenant: initech}
                spec: {mode: lowest-cost}
                ---
                apiVersion: galactic/v1alpha1
                kind: Vpc
                metadata: {name: corp, tenant: initech}
                spec: {type: l3vpn, trafficClass: std, mustInclude: [atlantis]}
                """);
        assertThat(r.status()).isEqualTo(422);
        assertThat(onlyError(r).path("item").asInt()).isEqualTo(2);
        assertThat(count("/api/v1/tenants")).isEqualTo(tenants);
        assertThat(count("/api/v1/trafficclasses?tenant=initech")).isZero();
    }

    @Test
    void bodyOverTheLimitIs413() {
        String big = "# " + "x".repeat((int) MAX_BODY + 10) + "\napiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: big}\n";
        Http.Response r = admin.apply(big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().path("detail").asText()).contains("split the batch");
        assertThat(admin.get("/api/v1/tenants/big").status()).isEqualTo(404);
    }

    // ---- optimistic concurrency

    @Test
    void staleResourceVersionIs409() {
        long rv = admin.get("/api/v1/tenants/acme").json().at("/metadata/resourceVersion").asLong();
        String edit = "apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: acme, resourceVersion: %d}\nspec: {displayName: %s, asn: 4200000001}\n";
        assertThat(admin.apply(edit.formatted(rv, "First")).status()).isEqualTo(200);
        Http.Response second = admin.apply(edit.formatted(rv, "Second"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(onlyError(second).path("pointer").asText()).isEqualTo("/metadata/resourceVersion");
        assertThat(admin.get("/api/v1/tenants/acme").json().at("/spec/displayName").asText()).isEqualTo("First");
        assertThat(admin.delete("/api/v1/tenants/globex/webhooks/noc-pager?resourceVersion=1").status()).isEqualTo(409);
    }

    @Test
    void racingWritersWithTheSameVersionGetOneWinner() throws Exception {
        long rv = admin.get("/api/v1/tenants/acme/trafficclasses/bulk").json().at("/metadata/resourceVersion").asLong();
        List<Callable<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String edit = "apiVersion: galactic/v1alpha1\nkind: TrafficClass\nmetadata: {name: bulk, tenant: acme, resourceVersion: " + rv
                    + ", labels: {writer: w" + i + "}}\nspec: {mode: lowest-cost}\n";
            racers.add(() -> admin.apply(edit).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> f : pool.invokeAll(racers)) statuses.add(f.get());
        }
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
    }

    @Test
    void deletingSomethingInUseIs409AndDeleteBatchesAreAtomic() {
        Http.Response inUse = admin.delete("/api/v1/nodes/edge-ber");
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.json().at("/errors/0/reason").asText()).contains("still used by");
        assertThat(admin.delete("/api/v1/tenants/acme/vpcs/nope").status()).isEqualTo(404);
        String batch = "apiVersion: galactic/v1alpha1\nkind: Vpc\nmetadata: {name: eu-finance, tenant: globex}\n---\n"
                + "apiVersion: galactic/v1alpha1\nkind: Attachment\nmetadata: {name: zurich, tenant: globex}\n";
        assertThat(admin.post("/api/v1/delete", "application/yaml", batch).status()).isEqualTo(409);
        assertThat(count("/api/v1/attachments?tenant=globex")).isEqualTo(3);
        String all = batch + "---\napiVersion: galactic/v1alpha1\nkind: Attachment\nmetadata: {name: berlin, tenant: globex}\n"
                + "---\napiVersion: galactic/v1alpha1\nkind: Attachment\nmetadata: {name: dublin, tenant: globex}\n";
        assertThat(admin.post("/api/v1/delete", "application/yaml", all).status()).isEqualTo(200);
        assertThat(count("/api/v1/vpcs?tenant=globex")).isZero();
    }

    // ---- tenancy

    Http tenant(String name) {
        Http.Response r = admin.post("/api/v1/tokens", "application/json", "{\"tenant\": \"" + name + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return admin.as(r.json().path("token").asText());
    }

    @Test
    void aTenantSeesAndChangesOnlyItsOwn() {
        Http acme = tenant("acme");
        assertThat(acme.get("/api/v1/whoami").json().path("tenant").asText()).isEqualTo("acme");
        assertThat(acme.get("/api/v1/vpcs").json().path("items")).extracting(v -> v.at("/metadata/tenant").asText()).containsOnly("acme");
        assertThat(acme.get("/api/v1/tenants").json().path("items")).hasSize(1);
        // another tenant's resource looks exactly like a missing one
        Http.Response other = acme.get("/api/v1/tenants/globex/vpcs/eu-finance");
        Http.Response missing = acme.get("/api/v1/tenants/globex/vpcs/does-not-exist");
        assertThat(other.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(acme.get("/api/v1/tenants/globex").status()).isEqualTo(404);
        assertThat(acme.delete("/api/v1/tenants/globex/vpcs/eu-finance").status()).isEqualTo(404);
        // writing into another tenant, or the backbone, is refused
        Http.Response write = acme.apply("apiVersion: galactic/v1alpha1\nkind: TrafficClass\nmetadata: {name: x, tenant: globex}\nspec: {mode: lowest-cost}\n");
        assertThat(write.status()).isEqualTo(403);
        Http.Response node = acme.apply("apiVersion: galactic/v1alpha1\nkind: Node\nmetadata: {name: evil}\nspec: {role: core, location: {lat: 1, lon: 1, country: DE}}\n");
        assertThat(node.status()).isEqualTo(403);
        assertThat(acme.delete("/api/v1/nodes/fra").status()).isEqualTo(403);
        assertThat(acme.get("/api/v1/tokens").status()).isEqualTo(403);
        // nodes are the catalogue: readable
        assertThat(acme.get("/api/v1/nodes").json().path("items")).hasSize(17);
        // its own tenant is implied
        Http.Response own = acme.apply("apiVersion: galactic/v1alpha1\nkind: TrafficClass\nmetadata: {name: mine}\nspec: {mode: lowest-cost}\n");
        assertThat(own.status()).as(own.text()).isEqualTo(200);
        assertThat(admin.get("/api/v1/tenants/acme/trafficclasses/mine").status()).isEqualTo(200);
    }

    @Test
    void revokedTokensStopWorking() {
        Http.Response created = admin.post("/api/v1/tokens", "application/json", "{\"tenant\": \"globex\", \"description\": \"ci\"}");
        Http globex = admin.as(created.json().path("token").asText());
        assertThat(globex.get("/api/v1/vpcs").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/tokens").text()).doesNotContain(created.json().path("token").asText());
        assertThat(admin.delete("/api/v1/tokens/" + created.json().path("id").asText()).status()).isEqualTo(200);
        assertThat(globex.get("/api/v1/vpcs").status()).isEqualTo(401);
        assertThat(admin.post("/api/v1/tokens", "application/json", "{\"tenant\": \"ghost\"}").status()).isEqualTo(422);
    }

    List<String> tokenIds() {
        return admin.get("/api/v1/tokens").json().path("items").findValuesAsText("id");
    }

    @Test
    void tokensDieWithTheirTenantOrNodeAndAreNotInheritedByANewOneOfTheSameName() {
        String zeta = "apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: zeta}\n";
        assertThat(admin.apply(zeta).status()).isEqualTo(200);
        Http.Response created = admin.post("/api/v1/tokens", "application/json", "{\"tenant\": \"zeta\"}");
        Http t = admin.as(created.json().path("token").asText());
        String id = created.json().path("id").asText();
        assertThat(t.get("/api/v1/whoami").status()).isEqualTo(200);
        assertThat(admin.delete("/api/v1/tenants/zeta").status()).isEqualTo(200);
        assertThat(t.get("/api/v1/whoami").status()).isEqualTo(401);
        assertThat(tokenIds()).as("a dead token is not listed").doesNotContain(id);
        assertThat(admin.apply(zeta).status()).isEqualTo(200);
        assertThat(t.get("/api/v1/whoami").status()).as("the new zeta does not inherit the old one's token").isEqualTo(401);
        assertThat(t.get("/api/v1/vpcs").status()).isEqualTo(401);

        String node = "apiVersion: galactic/v1alpha1\nkind: Node\nmetadata: {name: spare}\nspec: {role: core, location: {lat: 1, lon: 1, country: DE}}\n";
        assertThat(admin.apply(node).status()).isEqualTo(200);
        String nodeToken = admin.post("/api/v1/tokens", "application/json", "{\"node\": \"spare\"}").json().path("id").asText();
        assertThat(tokenIds()).contains(nodeToken);
        assertThat(admin.delete("/api/v1/nodes/spare").status()).isEqualTo(200);
        assertThat(tokenIds()).doesNotContain(nodeToken);
        assertThat(admin.apply(node).status()).isEqualTo(200);
        assertThat(tokenIds()).doesNotContain(nodeToken);
    }

    @Test
    void aTokenRequestSaysExactlyWhatItIsForOrIsRefused() {
        List<String> before = tokenIds();
        record Bad(String body, String pointer) {
        }
        for (Bad b : List.of(new Bad("{\"tennant\": \"acme\"}", "/tennant"), new Bad("{\"tenant\": 42}", "/tenant"),
                new Bad("{\"tenant\": [\"acme\"]}", "/tenant"), new Bad("{\"node\": {\"name\": \"fra\"}}", "/node"),
                new Bad("{\"tenant\": null, \"description\": {}}", "/tenant"), new Bad("{}", "/role"), new Bad("", "/role"),
                new Bad("[]", null), new Bad("{\"role\": \"root\"}", "/role"), new Bad("{\"role\": \"operator\", \"tenant\": \"acme\"}", "/tenant"))) {
            Http.Response r = admin.post("/api/v1/tokens", "application/json", b.body());
            assertThat(r.status()).as(b.body() + " -> " + r.text()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            if (b.pointer() != null) assertThat(r.json().path("errors").findValuesAsText("pointer")).as(b.body() + " -> " + r.text()).contains(b.pointer());
        }
        assertThat(tokenIds()).as("no bad request made a token").isEqualTo(before);
        Http.Response op = admin.post("/api/v1/tokens", "application/json", "{\"role\": \"operator\", \"description\": \"backup\"}");
        assertThat(op.status()).as(op.text()).isEqualTo(201);
        assertThat(op.json().path("role").asText()).isEqualTo("operator");
        assertThat(admin.as(op.json().path("token").asText()).get("/api/v1/whoami").json().path("role").asText()).isEqualTo("operator");
        Http.Response ten = admin.post("/api/v1/tokens", "application/json", "{\"role\": \"tenant\", \"tenant\": \"acme\"}");
        assertThat(ten.status()).as(ten.text()).isEqualTo(201);
        assertThat(ten.json().path("tenant").asText()).isEqualTo("acme");
    }

    // ---- events

    @Test
    void eventsAfterASeqPageForwardAndWithoutItTheNewestComeOldestFirst() {
        // the fixture's three batches made dozens of resource events
        assertThat(count("/api/v1/events?limit=1000")).isGreaterThan(20);
        assertThat(admin.get("/api/v1/events?after=10&limit=3").json().path("items")).extracting(e -> e.path("seq").asLong())
                .containsExactly(11L, 12L, 13L);
        assertThat(admin.get("/api/v1/events?after=13&limit=2").json().path("items")).extracting(e -> e.path("seq").asLong())
                .containsExactly(14L, 15L);
        long newest = admin.get("/api/v1/events?limit=1").json().at("/items/0/seq").asLong();
        List<Long> latest = new ArrayList<>();
        admin.get("/api/v1/events?limit=3").json().path("items").forEach(e -> latest.add(e.path("seq").asLong()));
        assertThat(latest).hasSize(3).isSorted().allMatch(s -> s > 20);
        assertThat(latest.getLast()).isGreaterThanOrEqualTo(newest);
    }

    @Test
    void theEventFeedSurvivesARestartAndItsNumberingGoesOn() {
        JsonNode before = admin.get("/api/v1/events?after=0&limit=1000").json().path("items");
        assertThat(before.size()).isGreaterThan(20);
        long last = before.get(before.size() - 1).path("seq").asLong();
        restart(c -> c);
        // the same events, the same JSON, for operators and for the tenant they concern alike
        assertThat(admin.get("/api/v1/events?after=0&limit=" + before.size()).json().path("items")).isEqualTo(before);
        String acme = ctl.tokenFor("acme");
        JsonNode mine = admin.as(acme).get("/api/v1/events?after=0&limit=1000").json().path("items");
        assertThat(mine).isNotEmpty().allSatisfy(e -> assertThat(e.path("tenant").asText("acme")).isEqualTo("acme"));
        admin.apply("apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: zeta}\n");
        assertThat(admin.get("/api/v1/events?after=" + last + "&limit=10").json().path("items")).extracting(e -> e.path("seq").asLong())
                .first().isEqualTo(last + 1);
    }

    // ---- bad input is the caller's mistake, named: never a 500

    @Test
    void aResourceWithoutANameIs422NamingMetadataNameOnApplyAndDelete() {
        for (String path : List.of("/api/v1/apply", "/api/v1/delete")) {
            for (String doc : List.of("apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {}\n",
                    "apiVersion: galactic/v1alpha1\nkind: Vpc\nmetadata: {tenant: acme}\nspec: {type: l3vpn, trafficClass: bulk}\n",
                    "apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {labels: {a: b}}\n---\napiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {}\n")) {
                Http.Response r = admin.post(path, "application/yaml", doc);
                assertThat(r.status()).as(path + " " + doc + ": " + r.text()).isEqualTo(422);
                assertThat(r.json().path("errors")).as(r.text()).isNotEmpty()
                        .allSatisfy(e -> assertThat(e.path("pointer").asText()).isEqualTo("/metadata/name"));
            }
        }
    }

    /** A bad value of a query parameter, and what the 400 must say: the parameter and what it accepts. */
    record BadParameter(String method, String path, String says) {
    }

    @Test
    void badQueryParametersAre400NamingTheParameterAndItsRange() {
        String history = "/api/v1/linkstates/fra/ams/history";
        String compliance = "/api/v1/tenants/acme/vpcs/prod/compliance";
        String deliveries = "/api/v1/tenants/globex/webhooks/noc-pager/deliveries";
        List<BadParameter> cases = new ArrayList<>();
        for (String v : List.of("abc", "-5", "0", "10001", "99999999999", "1e3", "")) {
            cases.add(new BadParameter("GET", "/api/v1/events?limit=" + v, "limit must be an integer from 1 to 10000"));
        }
        for (String v : List.of("abc", "-5", "0", "1001", "99999999999", "1e3", "")) {
            cases.add(new BadParameter("GET", deliveries + "?limit=" + v, "limit must be an integer from 1 to 1000"));
        }
        for (String v : List.of("abc", "1e3", "9999999999999", "0", "-1", "169")) {
            cases.add(new BadParameter("GET", compliance + "?hours=" + v, "hours must be an integer from 1 to 168"));
        }
        for (String v : List.of("abc", "99999999999", "0", "-3", "10081")) {
            cases.add(new BadParameter("GET", history + "?minutes=" + v, "minutes must be an integer from 1 to 10080"));
        }
        for (String v : List.of("abc", "-1", "99999999999999999999")) {
            cases.add(new BadParameter("GET", "/api/v1/events?after=" + v, "after must be an integer from 0 to " + Long.MAX_VALUE));
            cases.add(new BadParameter("GET", "/api/v1/events/stream?after=" + v, "after must be an integer from 0 to " + Long.MAX_VALUE));
            cases.add(new BadParameter("DELETE", "/api/v1/tenants/acme/trafficclasses/bulk?dryRun=true&resourceVersion=" + v,
                    "resourceVersion must be an integer from 1 to " + Long.MAX_VALUE));
        }
        for (String v : List.of("yes", "1", "TRUE!", "")) {
            cases.add(new BadParameter("POST", "/api/v1/apply?dryRun=" + v, "dryRun must be true or false"));
            cases.add(new BadParameter("DELETE", "/api/v1/tenants/acme/trafficclasses/bulk?dryRun=" + v, "dryRun must be true or false"));
        }
        cases.add(new BadParameter("GET", "/api/v1/telemetry/export?format=xml", "format must be one of jsonl, csv"));
        // times telemetry cannot hold in epoch nanoseconds (they overflowed to a 500)
        for (String t : List.of("%2B1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "2263-01-01T00:00:00Z", "tomorrow")) {
            cases.add(new BadParameter("GET", history + "?from=" + t, "from must be an RFC 3339 time"));
            cases.add(new BadParameter("GET", "/api/v1/telemetry/export?to=" + t, "to must be an RFC 3339 time"));
        }
        String tc = "apiVersion: galactic/v1alpha1\nkind: TrafficClass\nmetadata: {name: bulk, tenant: acme}\nspec: {mode: lowest-cost}\n";
        for (BadParameter c : cases) {
            Http.Raw r = admin.raw(c.method(), c.path(), java.util.Map.of("Content-Type", "application/yaml", "Accept", "text/event-stream"),
                    c.method().equals("POST") ? tc.getBytes(java.nio.charset.StandardCharsets.UTF_8) : null);
            assertThat(r.status()).as(c + ": " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(400);
            assertThat(r.contentType()).as(c.toString()).startsWith(Problem.MEDIA_TYPE);
            assertThat(r.json().path("detail").asText()).as(c.toString()).contains(c.says());
        }
        // nothing was deleted on the way
        assertThat(admin.get("/api/v1/tenants/acme/trafficclasses/bulk").status()).isEqualTo(200);
    }

    // ---- encodings

    @Test
    void errorAndJsonBodiesAreUtf8AndSayTheirCharset() {
        for (String name : List.of("café", "名前", "emoji-\uD83D\uDE80")) {
            byte[] doc = ("apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: \"" + name + "\"}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Http.Raw r = admin.raw("POST", "/api/v1/apply", java.util.Map.of("Content-Type", "application/yaml"), doc);
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.contentType().replace(" ", "").toLowerCase(java.util.Locale.ROOT)).isEqualTo("application/problem+json;charset=utf-8");
            assertThat(r.utf8()).contains(name);
        }
        String display = "Ωmega Café \uD83D\uDE80";
        Http.Response applied = admin.post("/api/v1/apply", "application/json", "{\"apiVersion\": \"galactic/v1alpha1\", \"kind\": \"Tenant\", "
                + "\"metadata\": {\"name\": \"omega\"}, \"spec\": {\"displayName\": \"" + display + "\"}}");
        assertThat(applied.status()).as(applied.text()).isEqualTo(200);
        Http.Raw r = admin.raw("GET", "/api/v1/tenants/omega", java.util.Map.of(), null);
        assertThat(r.contentType().replace(" ", "").toLowerCase(java.util.Locale.ROOT)).isEqualTo("application/json;charset=utf-8");
        assertThat(r.utf8()).contains(display);
    }

    // ---- the OpenAPI document and unsupported requests

    OpenApiRoutes openApi() {
        return OpenApiRoutes.of(anonymous.get("/openapi.json").text());
    }

    @Test
    void theOpenApiDocumentCoversEveryRegisteredRouteAndNothingElse() {
        OpenApiRoutes doc = openApi();
        List<ApiServer.Route> registered = ctl.get().httpRoutes();
        assertThat(doc.unserved(registered)).as("documented operations no route serves").isEmpty();
        assertThat(doc.undocumented(registered)).as("routes no documented operation reaches").isEmpty();
    }

    @Test
    void theOpenApiDocumentHasEveryOperationOfTheApiGuide() throws IOException {
        List<OpenApiRoutes.Operation> guide = OpenApiRoutes.guideOperations(Files.readString(Path.of("..", "docs", "api.md")));
        assertThat(guide).hasSizeGreaterThan(20);
        assertThat(openApi().missing(guide)).as("operations docs/api.md lists that /openapi.json lacks").isEmpty();
    }

    @Test
    void listOperationsDocumentTheir400ForABadSelector() {
        OpenApiRoutes doc = openApi();
        assertThat(doc.withQueryParameter("selector")).isNotEmpty()
                .allSatisfy(op -> assertThat(doc.responses(op)).as(op.toString()).contains("400"));
    }

    @Test
    void unsupportedMethodsOnKnownPathsAre405Problems() {
        for (String[] c : new String[][]{{"TRACE", "/api/v1/nodes"}, {"PUT", "/api/v1/nodes/fra"}, {"PATCH", "/api/v1/tenants/acme/vpcs/prod"},
                {"TRACE", "/healthz"}, {"POST", "/openapi.json"}, {"PUT", "/api/v1/apply"}}) {
            Http.Raw r = admin.raw(c[0], c[1], java.util.Map.of(), null);
            assertThat(r.status()).as(c[0] + " " + c[1]).isEqualTo(405);
            assertThat(r.contentType()).as(c[0] + " " + c[1]).startsWith(Problem.MEDIA_TYPE);
            assertThat(r.json().path("detail").asText()).contains(c[0]);
            assertThat(r.headers().firstValue("Allow")).as(c[0] + " " + c[1]).isPresent();
        }
    }

    @Test
    void anOversizedHeaderIsA431Problem() {
        Http.Raw r = admin.raw("GET", "/api/v1/nodes", java.util.Map.of("Authorization", "Bearer " + "x".repeat(10_000)), null);
        assertThat(r.status()).isEqualTo(431);
        assertThat(r.contentType()).startsWith(Problem.MEDIA_TYPE);
        JsonNode p = r.json();
        assertThat(p.path("status").asInt()).isEqualTo(431);
        assertThat(p.path("title").asText()).isNotBlank();
        assertThat(p.path("detail").asText()).isNotBlank();
    }

    // ---- generated bad input

    @Test
    void generatedBadInputToEveryOperationIsNeverA5xxAndEveryErrorIsAUtf8Problem() {
        // with the simulator on, so that its impairment routes answer too
        restart(c -> c.withSimulatedTelemetry(true));
        Http acme = tenant("acme");
        GeneratedBadInput generated = new GeneratedBadInput(openApi(), admin, MAX_BODY);
        List<GeneratedBadInput.Finding> findings = generated.run(List.of(new GeneratedBadInput.Caller("operator", admin),
                new GeneratedBadInput.Caller("tenant", acme), new GeneratedBadInput.Caller("anonymous", anonymous)));
        assertThat(findings).as(GeneratedBadInput.report(findings)).isEmpty();
        // and none of it changed the fixture
        assertThat(count("/api/v1/nodes")).isEqualTo(17);
        assertThat(count("/api/v1/attachments")).isEqualTo(6);
        assertThat(admin.get("/api/v1/whoami").status()).isEqualTo(200);
    }
}

package dev.galactic.lab.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galactic.core.net.IpPrefix;
import dev.galactic.lab.ControlPlane;
import dev.galactic.lab.CustomerRouter;
import dev.galactic.lab.Lab;
import dev.galactic.lab.LabStatus;
import dev.galactic.lab.Progress;
import dev.galactic.lab.sys.Cmd;
import dev.galactic.lab.sys.Prerequisites;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BGP at the edge with real daemons and real packets (lab/topologies/bgp.yaml): BIRD customer
 * routers at five sites of two tenants peer with gobgpd speakers the agents run; what they
 * announce is validated by the controller, spread over its SRv6 paths, and advertised to the
 * other sites, whose hosts (with no default route) then reach each other. Tenants with the same
 * prefixes stay apart; refused announcements are visible with their reason and disturb nothing;
 * a withdrawal reaches the other sites within seconds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabBgpTest {

    static Path work;
    static LabStatus lab;
    static ControlPlane.Api api;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void up() throws Exception {
        LabTests.requireLab(Prerequisites.Need.GOBGPD, Prerequisites.Need.BIRD);
        work = Files.createTempDirectory("galactic-lab-bgp");
        lab = Lab.up(Files.readString(Path.of("..", "topologies", "bgp.yaml")), "bgp.yaml", work, new Progress(System.out), Lab.Options.full());
        api = Lab.api(work);
    }

    @AfterAll
    static void down() throws Exception {
        if (work == null) return;
        LabTests.down(work, lab);
        // the agents' speakers lived in the edges' namespaces: none may outlive the lab
        assertThat(Cmd.run(List.of("ps", "-eo", "args"), null, Duration.ofSeconds(5)).stdout()).doesNotContain(work.toString());
    }

    // ---- helpers

    static LabStatus.SiteStatus site(String name) {
        return lab.sites().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** What a site's customer router has in its table, prefix to "learned from the edge" or not. */
    static Map<String, Boolean> birdRoutes(String site) {
        String out = Cmd.run(List.of("birdc", "-s", CustomerRouter.control(work, site).toString(), "show", "route"), null, Duration.ofSeconds(10)).stdout();
        Map<String, Boolean> routes = new TreeMap<>();
        Matcher m = Pattern.compile("^(\\S+/\\d+)\\s+(\\S+)\\s+\\[(\\S+)", Pattern.MULTILINE).matcher(out);
        while (m.find()) routes.put(m.group(1), m.group(3).equals("edge"));
        return routes;
    }

    static List<String> learned(String site) {
        return birdRoutes(site).entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }

    static void await(String what, Duration timeout, BooleanSupplier ok) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > until) throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            Thread.sleep(200);
        }
    }

    static int ping(String from, String fromAddress, String to) {
        Cmd.Result r = Cmd.run(List.of("ip", "netns", "exec", site(from).netns(), "ping", "-4", "-c", "3", "-i", "0.1", "-W", "1",
                "-I", fromAddress, to), null, Duration.ofSeconds(20));
        Matcher m = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(r.stdout());
        return m.find() ? Integer.parseInt(m.group(2)) : 0;
    }

    /** ICMP echo requests a namespace's stack has answered. */
    static long inEchos(String site) {
        List<String> lines = Cmd.run(List.of("ip", "netns", "exec", site(site).netns(), "cat", "/proc/net/snmp"), null, Duration.ofSeconds(5))
                .stdout().lines().filter(l -> l.startsWith("Icmp:")).toList();
        List<String> names = List.of(lines.get(0).split("\\s+"));
        return Long.parseLong(lines.get(1).split("\\s+")[names.indexOf("InEchos")]);
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String tenantToken(String tenant) throws Exception {
        return api.post("/api/v1/tokens", "application/json", "{\"tenant\": \"" + tenant + "\"}").path("token").asText();
    }

    static Map<String, String> rejected(JsonNode view) {
        Map<String, String> out = new TreeMap<>();
        view.path("rejected").forEach(r -> out.put(r.path("prefix").asText(), r.path("reason").asText()));
        return out;
    }

    // ---- the tests, in order

    @Test
    @Order(1)
    void customersLearnEachOthersPrefixesThroughGalacticAndTheirHostsPing() throws Exception {
        await("blue-a's router learns blue-b's and blue-c's prefixes from its edge", Duration.ofSeconds(90),
                () -> learned("blue-a").containsAll(List.of("10.2.0.0/24", "10.3.0.0/24", "10.3.1.0/24")));
        await("every site's router learns its tenant's other sites", Duration.ofSeconds(30), () ->
                learned("blue-b").containsAll(List.of("10.1.0.0/24", "10.3.0.0/24", "10.3.1.0/24"))
                        && learned("blue-c").containsAll(List.of("10.1.0.0/24", "10.2.0.0/24"))
                        && learned("green-a").equals(List.of("10.2.0.0/24")) && learned("green-b").equals(List.of("10.1.0.0/24")));
        // the hosts have no IPv4 default route: they reach the other sites through what BGP put in their kernel
        assertThat(Cmd.run(List.of("ip", "-n", site("blue-a").netns(), "-4", "route"), null, Duration.ofSeconds(5)).stdout())
                .doesNotContain("default").contains("10.2.0.0/24 via " + site("blue-a").edgeV4() + " dev up0 proto bird");
        assertThat(ping("blue-a", "10.1.0.1", "10.2.0.1")).isPositive();
        assertThat(ping("blue-a", "10.1.0.1", "10.3.0.1")).isPositive();
        assertThat(ping("blue-c", "10.3.1.1", "10.2.0.1")).isPositive();
        assertThat(ping("green-b", "10.2.0.1", "10.1.0.1")).isPositive();
        // the edge speaks in the tenant's own ASN: the controller's choice, derived from the tenant id
        String proto = Cmd.run(List.of("birdc", "-s", CustomerRouter.control(work, "blue-a").toString(), "show", "protocols", "all", "edge"),
                null, Duration.ofSeconds(5)).stdout();
        assertThat(proto).containsPattern("Neighbor AS:\\s+42000000\\d\\d");
    }

    @Test
    @Order(2)
    void tenantsWithTheSamePrefixesStayApart() throws Exception {
        long green = inEchos("green-b"), blue = inEchos("blue-b");
        assertThat(ping("blue-a", "10.1.0.1", "10.2.0.1")).isEqualTo(3);
        assertThat(inEchos("blue-b") - blue).isGreaterThanOrEqualTo(3);
        assertThat(inEchos("green-b")).isEqualTo(green);
        // green's routers never hear of blue-c's prefixes, and green reaches none of them
        assertThat(learned("green-a")).doesNotContain("10.3.0.0/24", "10.3.1.0/24");
        assertThat(ping("green-a", "10.1.0.1", "10.3.0.1")).isZero();
    }

    @Test
    @Order(3)
    void refusedAnnouncementsAreExplainedAndDisturbNothing() throws Exception {
        String blue = tenantToken("blue");
        await("the controller judged blue-a's and blue-c's announcements", Duration.ofSeconds(30), () -> {
            try {
                return rejected(JSON.readTree(get("/api/v1/tenants/blue/attachments/blue-a/routes", blue).body())).size() == 3
                        && rejected(JSON.readTree(get("/api/v1/tenants/blue/attachments/blue-c/routes", blue).body())).size() == 1;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode a = JSON.readTree(get("/api/v1/tenants/blue/attachments/blue-a/routes", blue).body());
        assertThat(a.path("session").path("state").asText()).isEqualTo("ESTABLISHED");
        assertThat(rejected(a)).containsExactlyInAnyOrderEntriesOf(Map.of("10.77.0.0/24", "NOT_ALLOWED", "192.0.2.0/24", "BOGON",
                "0.0.0.0/0", "DEFAULT_ROUTE"));
        assertThat(a.path("accepted").findValuesAsText("prefix")).containsExactly("10.1.0.0/24");
        assertThat(a.path("advertised")).extracting(JsonNode::asText).containsExactly("10.2.0.0/24", "10.3.0.0/24", "10.3.1.0/24");
        JsonNode c = JSON.readTree(get("/api/v1/tenants/blue/attachments/blue-c/routes", blue).body());
        assertThat(rejected(c)).containsExactlyEntriesOf(Map.of("10.3.2.0/24", "MAX_PREFIXES"));
        // refused prefixes reach no other site, and no packet goes there
        for (String s : List.of("blue-b", "blue-c")) assertThat(learned(s)).doesNotContain("10.77.0.0/24", "192.0.2.0/24", "0.0.0.0/0");
        assertThat(learned("blue-a")).doesNotContain("10.3.2.0/24");
        assertThat(ping("blue-a", "10.1.0.1", "10.3.2.1")).isZero();
        // and the tenant's events say why; another tenant sees none of it
        JsonNode events = api.get("/api/v1/events?type=route.rejected&limit=100");
        assertThat(events.path("items").findValuesAsText("summary")).anyMatch(s -> s.contains("192.0.2.0/24") && s.contains("BOGON"));
        String green = tenantToken("green");
        assertThat(get("/api/v1/tenants/blue/attachments/blue-a/routes", green).statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(get("/api/v1/events?type=route.&limit=100", green).body()).path("items").findValuesAsText("tenant"))
                .containsOnly("green");
    }

    @Test
    @Order(4)
    void aWithdrawalAtOneSiteRemovesTheRouteAtTheOthersWithinSeconds() throws Exception {
        String protocol = CustomerRouter.protocol(IpPrefix.parse("10.2.0.0/24"));
        String control = CustomerRouter.control(work, "blue-b").toString();
        Cmd.run(List.of("birdc", "-s", control, "disable", protocol), null, Duration.ofSeconds(5)).orThrow();
        try {
            long start = System.nanoTime();
            // blue-b's speaker hears the withdrawal, its agent reports it (1 s poll), the controller re-renders,
            // edge-a and edge-c install the config and their speakers withdraw: a few seconds, more on a loaded machine
            await("blue-a and blue-c no longer have 10.2.0.0/24", Duration.ofSeconds(15),
                    () -> !learned("blue-a").contains("10.2.0.0/24") && !learned("blue-c").contains("10.2.0.0/24"));
            System.out.printf("withdrawal of 10.2.0.0/24 at blue-b reached blue-a and blue-c in %.1f s%n", (System.nanoTime() - start) / 1e9);
            assertThat(ping("blue-a", "10.1.0.1", "10.2.0.1")).isZero();
            // green's identical prefix is untouched, and so are blue's other routes
            assertThat(learned("green-a")).contains("10.2.0.0/24");
            assertThat(ping("green-a", "10.1.0.1", "10.2.0.1")).isPositive();
            assertThat(ping("blue-a", "10.1.0.1", "10.3.0.1")).isPositive();
        } finally {
            // announced again (also when the checks above failed, so the next test starts from the full network)
            Cmd.run(List.of("birdc", "-s", control, "enable", protocol), null, Duration.ofSeconds(5)).orThrow();
        }
        await("blue-a learns 10.2.0.0/24 again", Duration.ofSeconds(15), () -> learned("blue-a").contains("10.2.0.0/24"));
        await("blue-a reaches blue-b again", Duration.ofSeconds(10), () -> ping("blue-a", "10.1.0.1", "10.2.0.1") > 0);
    }

    @Test
    @Order(5)
    void anAgentRestartKeepsTheSessionsUp() throws Exception {
        String before = session("blue-a");
        Path log = Lab.nodeDir(work, "edge-a").resolve("agent.log");
        long adopted = adoptions(log);
        assertThat(Lab.stop(work, "agent", "edge-a")).isTrue();
        Lab.start(work, "agent", "edge-a");
        await("the restarted agent of edge-a adopts blue-a's running speaker", Duration.ofSeconds(60), () -> adoptions(log) > adopted);
        // the same session: still established, and established since the same moment. BIRD derives
        // the time it prints from its monotonic clock on every call, so the milliseconds may differ
        // by one; a reset would move it by the seconds the restart took.
        String[] was = before.trim().split("\\s+"), now = session("blue-a").trim().split("\\s+");
        assertThat(now[5]).as("session state after the restart").isEqualTo(was[5]).isEqualTo("Established");
        assertThat(Duration.between(java.time.LocalTime.parse(was[4]), java.time.LocalTime.parse(now[4])).abs())
                .as("since %s, was %s", now[4], was[4]).isLessThan(Duration.ofMillis(500));
        int answered = ping("blue-a", "10.1.0.1", "10.2.0.1");
        if (answered == 0) {
            // seen once, under load from other builds, and not explained yet: say what the network looked like
            System.out.println("no answer right after edge-a's agent restart");
            System.out.println("events: " + api.get("/api/v1/events?type=route.,bgp.,node.&limit=40").toPrettyString());
            List<String> lines = Files.readAllLines(log);
            System.out.println("agent log: " + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            System.out.println("blue-a routes: " + birdRoutes("blue-a") + "; blue-b routes: " + birdRoutes("blue-b"));
        }
        await("blue-a reaches blue-b after edge-a's agent restart", Duration.ofSeconds(15), () -> ping("blue-a", "10.1.0.1", "10.2.0.1") > 0);
    }

    static long adoptions(Path agentLog) {
        try {
            return Files.readAllLines(agentLog).stream().filter(l -> l.contains("BGP speaker blue--blue-a runs as configured")).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** BIRD's line for the session to the edge: it holds the time the session last changed state. */
    static String session(String site) {
        return Cmd.run(List.of("birdc", "-s", CustomerRouter.control(work, site).toString(), "show", "protocols", "edge"), null,
                Duration.ofSeconds(5)).stdout().lines().filter(l -> l.startsWith("edge")).findFirst().orElseThrow();
    }
}

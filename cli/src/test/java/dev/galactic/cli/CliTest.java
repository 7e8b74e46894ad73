package dev.galactic.cli;

import dev.galactic.controller.TestController;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galactic.core.model.Change;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The galactic command against a running controller. */
class CliTest {

    @RegisterExtension
    final TestController ctl = TestController.embedded();

    static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        return runWith(ctl.admin(), null, args);
    }

    Run runWith(String token, String stdin, String... args) {
        InputStream saved = System.in;
        try {
            if (stdin != null) System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            return runExactly(withServer(token, args));
        } finally {
            System.setIn(saved);
        }
    }

    /** Runs these arguments and no others (no --server, --token or --config added), the way main does. */
    Run runExactly(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    /**
     * Runs the real main in a JVM of its own with stdout a pipe, as in {@code galactic ... | wc -c}:
     * what the process wrote before it exited is all there is.
     */
    Run runMain(String... args) throws IOException, InterruptedException {
        String javaBin = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(withServer(ctl.admin(), args)));
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("galactic %s exited", String.join(" ", args)).isTrue();
        return new Run(p.exitValue(), out, Files.readString(err));
    }

    /** The arguments, pointed at the test's controller (unless offline or given a server) with an empty config. */
    private String[] withServer(String token, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        boolean offline = List.of("pce", "import").contains(all.getFirst());
        if (!offline && !all.contains("--server")) {
            all.addAll(List.of("--server", ctl.get().url(), "--config", writeConfig()));
            if (token != null) all.addAll(List.of("--token", token));
        }
        return all.toArray(String[]::new);
    }

    /** An empty config file, so the developer's own ~/.config never leaks into a test. */
    private String writeConfig() {
        try {
            Path p = dir.resolve("config.yaml");
            if (!Files.exists(p)) Files.writeString(p, "{}\n");
            return p.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A small Topology Zoo file: two cities, and a node without coordinates that the import notes on stderr. */
    Path tinyGraphMl() throws IOException {
        Path graphml = dir.resolve("Tiny.graphml");
        Files.writeString(graphml, """
                <?xml version="1.0" encoding="utf-8"?>
                <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
                  <key attr.name="Latitude" attr.type="double" for="node" id="d1"/>
                  <key attr.name="Longitude" attr.type="double" for="node" id="d2"/>
                  <key attr.name="label" attr.type="string" for="node" id="d3"/>
                  <key attr.name="Country" attr.type="string" for="node" id="d4"/>
                  <graph edgedefault="undirected">
                    <node id="0"><data key="d1">52.37</data><data key="d2">4.89</data><data key="d3">Amsterdam</data><data key="d4">Netherlands</data></node>
                    <node id="1"><data key="d1">50.11</data><data key="d2">8.68</data><data key="d3">Frankfurt</data><data key="d4">Germany</data></node>
                    <node id="2"><data key="d3">Nowhere</data></node>
                    <edge source="0" target="1"/>
                    <edge source="1" target="2"/>
                  </graph>
                </graphml>
                """);
        return graphml;
    }

    void applyExamples() {
        Run r = run("apply", "-f", EXAMPLES.resolve("backbone.yaml").toString(), "-f", EXAMPLES.resolve("acme-l3vpn-traffic-classes.yaml").toString());
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void applyGetAndOutputFormats() {
        Run r = run("apply", "-f", EXAMPLES.resolve("backbone.yaml").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("node/fra created").contains("link/fra-ams created");
        applyExamples();
        Run table = run("get", "nodes");
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("NAME").contains("ROLE").contains("COUNTRY");
        assertThat(table.out()).containsPattern("(?m)^fra\\s+core\\s+Frankfurt\\s+DE");
        Run yaml = run("get", "vpc", "prod", "-t", "acme", "-o", "yaml");
        assertThat(yaml.out()).contains("kind: Vpc").contains("trafficClass: interactive");
        Run json = run("get", "attachments", "-A", "-o", "json");
        assertThat(json.out()).contains("\"berlin-office\"").contains("\"dublin-dc\"");
        assertThat(run("get", "nodes", "-l", "region=na").out().lines().count()).isEqualTo(7);
        assertThat(run("get", "vpc", "nope", "-t", "acme").exit()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(run("get", "gizmos").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void diffShowsChangesAndExitsOneUntilApplied() throws IOException {
        applyExamples();
        Path edited = dir.resolve("edited.yaml");
        Files.writeString(edited, Files.readString(EXAMPLES.resolve("acme-l3vpn-traffic-classes.yaml")).replace("maxLatencyMs: 60", "maxLatencyMs: 45"));
        Run d = run("diff", "-f", edited.toString());
        assertThat(d.exit()).isEqualTo(ExitCode.DIFFERENCES);
        assertThat(d.out()).contains("trafficclass/acme/interactive (configured)").contains("- /spec/thresholds/maxLatencyMs: 60").contains("+ /spec/thresholds/maxLatencyMs: 45");
        assertThat(run("apply", "-f", edited.toString()).exit()).isZero();
        Run again = run("diff", "-f", edited.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("No changes.");
    }

    @Test
    void errorsNameTheFileDocumentAndField() throws IOException {
        applyExamples();
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                apiVersion: galactic/v1alpha1
                kind: Tenant
                metadata: {name: initech}
                ---
                apiVersion: galactic/v1alpha1
                kind: Attachment
                metadata: {name: x, tenant: acme}
                spec: {vpc: prod, node: edge-sea, kind: port, prefixes: [10.30.1.0/24]}
                """);
        Run r = run("apply", "-f", bad.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.REJECTED);
        assertThat(r.err()).contains("bad.yaml#2").contains("/spec/prefixes/0").contains("overlaps 10.30.0.0/16");
        assertThat(run("get", "tenant", "initech").exit()).isEqualTo(ExitCode.NOT_FOUND);
        Files.writeString(bad, "kind: [\n");
        Run syntax = run("apply", "-f", bad.toString());
        assertThat(syntax.exit()).isEqualTo(ExitCode.REJECTED);
        assertThat(syntax.err()).contains("bad.yaml").contains("malformed");
        assertThat(run("apply", "-f", dir.resolve("missing.yaml").toString()).exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void applyFromADirectoryAndFromStdin() {
        Run dirRun = run("apply", "-f", EXAMPLES.toString());
        assertThat(dirRun.exit()).as(dirRun.err()).isZero();
        assertThat(dirRun.out()).contains("vpc/initech/corp created");
        Run stdin = runWith(ctl.admin(), "apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: from-stdin}\n", "apply", "-f", "-");
        assertThat(stdin.exit()).as(stdin.err()).isZero();
        assertThat(run("get", "tenant", "from-stdin").exit()).isZero();
    }

    @Test
    void deleteByNameAndByFile() {
        applyExamples();
        Run inUse = run("delete", "vpc", "prod", "-t", "acme");
        assertThat(inUse.exit()).isEqualTo(ExitCode.REJECTED);
        assertThat(inUse.err()).contains("still used by");
        Run ok = run("delete", "classifier", "scavenger", "-t", "acme");
        assertThat(ok.exit()).as(ok.err()).isZero();
        Run file = run("delete", "-f", EXAMPLES.resolve("acme-l3vpn-traffic-classes.yaml").toString());
        assertThat(file.exit()).isEqualTo(ExitCode.NOT_FOUND); // scavenger is already gone: nothing is deleted
        assertThat(run("get", "vpc", "prod", "-t", "acme").exit()).isZero();
    }

    @Test
    void tenantTokensFromTheCli() {
        applyExamples();
        Run created = run("token", "create", "--tenant", "acme");
        assertThat(created.exit()).as(created.err()).isZero();
        String token = created.out().trim();
        assertThat(runWith(token, null, "whoami").out()).contains("tenant of tenant acme");
        assertThat(runWith(token, null, "get", "vpc").out()).contains("prod");
        Run denied = runWith(token, null, "apply", "-f", EXAMPLES.resolve("backbone.yaml").toString());
        assertThat(denied.exit()).isEqualTo(ExitCode.REJECTED);
        assertThat(denied.err()).contains("cannot change Node");
        assertThat(runWith(token, null, "get", "vpc", "eu-finance", "-t", "globex").exit()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(run("token", "list").out()).contains("tenant").contains("acme");
        assertThat(runWith(token, null, "token", "list").exit()).isEqualTo(ExitCode.REJECTED);
    }

    @Test
    void theDemoSaysWhereTheAdminTokenIsButNeverPrintsIt() {
        String banner = DemoCommand.banner(ctl.get(), 0);
        assertThat(banner).contains(ctl.dataDir().resolve("admin-token").toAbsolutePath().toString()).doesNotContain(ctl.admin());
    }

    @Test
    void tokenCreateWithoutATenantOrNodeMakesAnOperatorToken() {
        Run created = run("token", "create", "--description", "backup");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.err()).contains("created for the operator");
        assertThat(runWith(created.out().trim(), null, "whoami").out()).contains("operator");
    }

    @Test
    void pathsAndEventsFromTheCli() {
        applyExamples();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                ctl.get().paths().results().stream().anyMatch(r -> r.tenant().equals("acme") && r.primary() != null));
        Run paths = run("paths", "prod", "-t", "acme", "-c", "interactive");
        assertThat(paths.exit()).as(paths.err()).isZero();
        assertThat(paths.out()).contains("CLASS").contains("berlin-office -> dublin-dc").contains("edge-ber");
        assertThat(run("paths", "nope", "-t", "acme").exit()).isEqualTo(ExitCode.NOT_FOUND);
        Run events = run("events", "--type", "resource.");
        assertThat(events.out()).contains("resource.created").contains("Vpc acme/prod created");
    }

    @Test
    void anAttachmentsBgpRoutesFromTheCli() {
        applyExamples();
        ctl.reportRoutes("edge-dub", new dev.galactic.core.agent.AgentMessage.Routes("acme", "dublin-dc",
                dev.galactic.core.bgp.SessionState.ESTABLISHED, List.of(
                        new dev.galactic.core.bgp.LearnedRoute("10.20.5.0/24", List.of(65020L), List.of(), "172.16.20.2"),
                        new dev.galactic.core.bgp.LearnedRoute("10.99.0.0/24", List.of(65020L), List.of(), "172.16.20.2")), null));
        Run routes = run("routes", "dublin-dc", "-t", "acme");
        assertThat(routes.exit()).as(routes.err()).isZero();
        assertThat(routes.out()).contains("session ESTABLISHED on edge-dub").containsPattern("10\\.20\\.5\\.0/24\\s+65020\\s+accepted")
                .containsPattern("10\\.99\\.0\\.0/24\\s+65020\\s+NOT_ALLOWED\\s+10\\.99\\.0\\.0/24 is not inside");
        assertThat(run("routes", "nope", "-t", "acme").exit()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void offlinePathComputationAndTopologyZooImport() throws IOException {
        Path ex = Path.of("..", "docs", "examples", "pce");
        Run pce = run("pce", "--topology", ex.resolve("topology.yaml").toString(), "--demands", ex.resolve("demands.yaml").toString(),
                "--link-states", ex.resolve("link-states.yaml").toString());
        assertThat(pce.exit()).as(pce.err()).isZero();
        assertThat(pce.out()).contains("\"kind\" : \"PathComputation\"").contains("\"primary\"");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "- {apiVersion: galactic/v1alpha1, kind: Starship, metadata: {name: x}}\n");
        Run refused = run("pce", "--topology", bad.toString(), "--demands", ex.resolve("demands.yaml").toString());
        assertThat(refused.exit()).isEqualTo(ExitCode.REJECTED);
        assertThat(refused.err()).contains("unknown kind");

        Path graphml = tinyGraphMl();
        Run imp = run("import", "topology-zoo", graphml.toString());
        assertThat(imp.exit()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("kind: Node").contains("kind: Link").contains("country: NL");
        assertThat(imp.err()).contains("note:");
        // what it writes applies as it is
        Path out = dir.resolve("tiny.yaml");
        Files.writeString(out, imp.out());
        Run applied = run("apply", "-f", out.toString());
        assertThat(applied.exit()).as(applied.err()).isZero();
    }

    @Test
    void anUnreachableServerSaysWhatToDo() {
        Run r = runWith(ctl.admin(), null, "get", "nodes", "--server", "http://127.0.0.1:1");
        assertThat(r.exit()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(r.err()).contains("is it running?").contains("galactic demo");
    }

    @Test
    void theServerAndTokenCanComeFromTheConfigFile() throws IOException {
        applyExamples();
        Path cfg = dir.resolve("mine.yaml");
        Files.writeString(cfg, "server: " + ctl.get().url() + "\ntoken: " + ctl.admin() + "\n");
        Run r = runWith(null, null, "get", "tenants", "--server", ctl.get().url(), "--config", cfg.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("acme");
    }

    @Test
    void theDemoLoadsTheExamplesAndIsIdempotent() {
        var first = DemoCommand.load(ctl.get().resources());
        assertThat(first.changes()).extracting(Change::action).containsOnly(Change.Action.CREATED);
        assertThat(ctl.get().resources().image().list(dev.galactic.core.model.Kind.NODE)).hasSize(17);
        var second = DemoCommand.load(ctl.get().resources());
        assertThat(second.changes()).extracting(Change::action).containsOnly(Change.Action.UNCHANGED);
    }

    @Test
    void everyExampleAppliesAndThenDiffsClean() throws IOException {
        List<Path> files;
        try (var s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted((a, b) -> a.endsWith("backbone.yaml") ? -1 : b.endsWith("backbone.yaml") ? 1 : a.compareTo(b)).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        for (Path f : files) {
            Run r = run("apply", "-f", f.toString());
            assertThat(r.exit()).as(f + ": " + r.err()).isZero();
        }
        for (Path f : files) {
            Run d = run("diff", "-f", f.toString());
            assertThat(d.exit()).as(f + ": " + d.out() + d.err()).isZero();
        }
    }

    @Test
    void nothingIsLostWhenStdoutIsAPipe() throws Exception {
        applyExamples();
        Run one = runMain("get", "node", "edge-ber", "-o", "yaml");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).contains("kind: Node").contains("name: edge-ber");
        Run three = runMain("get", "attachments", "-t", "acme", "-o", "yaml");
        assertThat(three.exit()).as(three.err()).isZero();
        assertThat(three.out()).contains("name: berlin-office").contains("name: dublin-dc").contains("name: boston-cloud");
        Run imported = runMain("import", "topology-zoo", tinyGraphMl().toString(), "-o", "json");
        assertThat(imported.exit()).as(imported.err()).isZero();
        var counted = Pattern.compile("(\\d+) nodes and (\\d+) links imported").matcher(imported.err());
        assertThat(counted.find()).as(imported.err()).isTrue();
        assertThat(listOf(imported.out(), ResourceCodec.json())).hasSize(Integer.parseInt(counted.group(1)) + Integer.parseInt(counted.group(2)));
    }

    @Test
    void aListIsAListObjectWhateverItsLengthAndOneResourceIsItself() throws IOException {
        applyExamples();
        assertThat(run("apply", "-f", EXAMPLES.resolve("globex-geofenced-waypoints.yaml").toString()).exit()).isZero();
        assertThat(names(listOf(run("get", "vpc", "-t", "acme", "-o", "json").out(), ResourceCodec.json()))).containsExactly("prod");
        assertThat(names(listOf(run("get", "vpc", "-A", "-o", "json").out(), ResourceCodec.json()))).containsExactlyInAnyOrder("prod", "eu-finance");
        assertThat(names(listOf(run("get", "webhooks", "-t", "acme", "-o", "json").out(), ResourceCodec.json()))).isEmpty();
        Run yaml = run("get", "vpc", "-A", "-o", "yaml");
        assertThat(names(listOf(yaml.out(), ResourceCodec.yaml()))).containsExactlyInAnyOrder("prod", "eu-finance");
        assertThat(listOf(run("paths", "prod", "-t", "acme", "-o", "json").out(), ResourceCodec.json()).isArray()).isTrue();
        JsonNode one = ResourceCodec.json().readTree(run("get", "vpc", "prod", "-t", "acme", "-o", "json").out());
        assertThat(one.path("kind").asText()).isEqualTo("Vpc");
        // what get prints applies as it is
        Path listed = dir.resolve("vpcs.yaml");
        Files.writeString(listed, yaml.out());
        Run diff = run("diff", "-f", listed.toString());
        assertThat(diff.exit()).as(diff.out() + diff.err()).isZero();
    }

    /** The items of a List document, after checking that it is one. */
    private static JsonNode listOf(String text, ObjectMapper mapper) throws IOException {
        JsonNode root = mapper.readTree(text);
        assertThat(root.path("kind").asText()).as(text).isEqualTo("List");
        assertThat(root.path("apiVersion").asText()).as(text).isEqualTo(Resource.API_VERSION);
        return root.path("items");
    }

    private static List<String> names(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.at("/metadata/name").asText()));
        return out;
    }

    @Test
    void getNodesShowsTheAllocatedLocator() throws IOException {
        applyExamples();
        JsonNode fra = ResourceCodec.json().readTree(run("get", "node", "fra", "-o", "json").out());
        String locator = fra.at("/status/sids/locator").asText();
        assertThat(locator).as("the controller allocates fra's locator: %s", fra).isNotEmpty();
        assertThat(run("get", "nodes").out()).containsPattern("(?m)^fra\\s+core\\s+Frankfurt\\s+DE\\s+" + Pattern.quote(locator) + "\\s");
    }

    /** Walks the whole command tree, so a command added later cannot lack --help either. */
    @Test
    void everyCommandPrintsItsHelpAndExitsZero() {
        List<List<String>> commands = new ArrayList<>();
        collectCommands(Main.commandLine(), List.of(), commands);
        assertThat(commands).hasSizeGreaterThan(25);
        List<String> failures = new ArrayList<>();
        for (List<String> c : commands) {
            List<String> args = new ArrayList<>(c);
            args.add("--help");
            Run r = runExactly(args.toArray(String[]::new));
            String usage = "Usage: galactic" + (c.isEmpty() ? "" : " " + String.join(" ", c)) + " ";
            if (r.exit() != 0 || r.out().lines().noneMatch(l -> l.startsWith(usage))) {
                failures.add(String.join(" ", args) + " -> exit " + r.exit() + ", out: " + r.out().lines().findFirst().orElse("")
                        + ", err: " + r.err().lines().findFirst().orElse(""));
            }
        }
        assertThat(failures).isEmpty();
    }

    private static void collectCommands(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(path);
        cl.getSubcommands().forEach((name, sub) -> {
            List<String> p = new ArrayList<>(path);
            p.add(name);
            collectCommands(sub, p, out);
        });
    }

    @Test
    void theAgentsHelpSaysWhatItDoes() {
        String help = runExactly("agent", "--help").out().replaceAll("\\s+", " ");
        String driverDefault = Main.commandLine().getSubcommands().get("agent").getCommandSpec().findOption("--driver").defaultValue();
        assertThat(help).doesNotContain("(later)").contains("default " + driverDefault);
    }

    @Test
    void failuresSayWhatToDoAndShowNoStackTrace() {
        Run noToken = runExactly("agent", "--controller", ctl.get().url(), "--node", "edge-ber", "--token-file", dir.resolve("no-such-token").toString());
        assertThat(noToken.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noToken.err()).contains("no-such-token").contains("does not exist").doesNotContain("\tat ");
        String port = Integer.toString(URI.create(ctl.get().url()).getPort());
        Run busy = runExactly("controller", "-p", port, "--data-dir", dir.resolve("second").toString());
        assertThat(busy.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(busy.err()).contains(port).contains("--port").doesNotContain("\tat ");
    }
}

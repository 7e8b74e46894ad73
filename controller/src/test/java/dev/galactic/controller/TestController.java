package dev.galactic.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A controller on an embedded database for tests, started before and closed after them, with the
 * admin token read and tenant tokens made on request. Registered on an instance field it starts
 * one controller per test; on a static field, one for the whole class.
 * <pre>
 * {@literal @}RegisterExtension
 * final TestController ctl = TestController.embedded().with(c -> c.withSimulatedTelemetry(true)).applying("backbone.yaml");
 * </pre>
 */
public final class TestController implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** The repository's examples, as the controller module's tests see them. */
    public static final Path EXAMPLES = Path.of("..", "examples");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UnaryOperator<ControllerConfig> config;
    private final List<String> examples;
    private Path dir;
    private ControllerConfig started;
    private Controller controller;
    private String admin;
    private boolean perClass;

    private TestController(UnaryOperator<ControllerConfig> config, List<String> examples) {
        this.config = config;
        this.examples = List.copyOf(examples);
    }

    /** On SQLite in a fresh directory, on a free port. */
    public static TestController embedded() {
        return new TestController(UnaryOperator.identity(), List.of());
    }

    /** The configuration changed by {@code tweak}, after the changes asked for so far. */
    public TestController with(UnaryOperator<ControllerConfig> tweak) {
        return new TestController(c -> tweak.apply(config.apply(c)), examples);
    }

    /** These files of {@link #EXAMPLES} applied, in order, once the controller has started. */
    public TestController applying(String... files) {
        List<String> all = new ArrayList<>(examples);
        all.addAll(List.of(files));
        return new TestController(config, all);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) stop();
    }

    private void start() throws IOException {
        dir = Files.createTempDirectory("galactic-test-");
        started = config.apply(ControllerConfig.embedded(dir.resolve("data"), 0));
        controller = Controller.start(started, List.of());
        admin = Files.readString(dir.resolve("data/admin-token")).trim();
        for (String f : examples) apply(Files.readString(EXAMPLES.resolve(f)));
    }

    private void stop() {
        try {
            if (controller != null) controller.close();
        } finally {
            controller = null;
            deleteTree(dir);
        }
    }

    /**
     * Closes the controller and starts another on the same data directory (a restart, as after a
     * crash or an upgrade), on the same database, configured as at the first start and then by
     * {@code tweak}.
     */
    public Controller restart(UnaryOperator<ControllerConfig> tweak) {
        controller.close();
        controller = Controller.start(tweak.apply(started), List.of());
        return controller;
    }

    public Controller restart() {
        return restart(UnaryOperator.identity());
    }

    public Controller get() {
        if (controller == null) throw new IllegalStateException("the controller runs only while a test does");
        return controller;
    }

    /** The operator's token the controller wrote at its first start. */
    public String admin() { return admin; }

    /** The data directory (the database, the admin token). */
    public Path dataDir() { return dir.resolve("data"); }

    /** A new token for a member of {@code tenant}, made by the operator. */
    public String tokenFor(String tenant) {
        try {
            var r = send("POST", "/api/v1/tokens", admin, JSON.createObjectNode().put("tenant", tenant).toString());
            assertThat(r.statusCode()).as("token for %s: %s", tenant, r.body()).isEqualTo(201);
            return JSON.readTree(r.body()).path("token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands the controller's loop what an agent's connection would, and waits until every publisher saw it. */
    public void report(dev.galactic.core.image.NodeReport report) {
        get().loop().submit(new dev.galactic.controller.loop.LoopInput.Reported(report)).join();
    }

    /** A site's BGP session as the agent of {@code node} reports it now. */
    public void reportRoutes(String node, dev.galactic.core.agent.AgentMessage.Routes routes) {
        report(new dev.galactic.core.image.NodeReport.RoutesReported(node, routes, java.time.Instant.now()));
    }

    public HttpResponse<String> send(String method, String path, String token, String body) {
        try {
            return TestRequests.send(get(), method, path, token, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Applies documents (YAML or JSON) as the operator and expects them accepted. */
    public JsonNode apply(String documents) {
        var r = send("POST", "/api/v1/apply", admin, documents);
        assertThat(r.statusCode()).as("apply: %s", r.body()).isEqualTo(200);
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.galactic.cli;

import dev.galactic.controller.Controller;
import dev.galactic.controller.ResourceService;
import dev.galactic.core.model.Caller;
import dev.galactic.core.model.Change;
import dev.galactic.core.model.ChangePlanner;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", description = "Start a controller on the embedded database with a demo backbone and two tenants.")
final class DemoCommand implements Callable<Integer> {

    /** What the demo loads, in order; the same files as examples/. */
    static final List<String> DEMO_FILES = List.of("backbone.yaml", "acme-l3vpn-traffic-classes.yaml", "globex-geofenced-waypoints.yaml");

    @Mixin
    ServerOptions server;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        // the demo has no agents: a model of the backbone stands in for their probes
        Controller c = Controller.start(server.config("demo").withSimulatedTelemetry(true), List.of());
        ResourceService.Applied applied = load(c.resources());
        long created = applied.changes().stream().filter(ch -> ch.action() == Change.Action.CREATED).count();
        out.print(banner(c, created));
        out.flush();
        ControllerCommand.blockUntilStopped(c);
        return ExitCode.OK;
    }

    /** What the demo prints once it runs (its log, when started as a service). */
    static String banner(Controller c, long created) {
        var image = c.resources().image();
        return """

                Galactic demo is running: %1$s
                  Backbone: %2$d core and %3$d edge nodes, %4$d links (%5$s)
                  Tenants:  %6$s, with %7$d VPCs and %8$d attachments (%9$d resources created now)
                  Console:  %12$s
                  API:      %1$s/swagger (OpenAPI at %1$s/openapi.json)
                  Token:    %10$s
                            (the CLI on this machine uses it by itself; elsewhere: export GALACTIC_TOKEN=...)

                Try, in another terminal:
                  ./galactic get nodes
                  ./galactic get vpc -A
                  ./galactic get attachments -t acme -o yaml
                  ./galactic diff -f examples/initech-hub-and-spoke.yaml
                  ./galactic apply -f examples/initech-hub-and-spoke.yaml

                Stop with Ctrl+C; state is kept in %11$s.
                """.formatted(
                c.url(),
                image.list(Kind.NODE).stream().filter(n -> n.spec() instanceof dev.galactic.core.model.NodeSpec s && s.role() == dev.galactic.core.model.NodeSpec.NodeRole.CORE).count(),
                image.list(Kind.NODE).stream().filter(n -> n.spec() instanceof dev.galactic.core.model.NodeSpec s && s.role() == dev.galactic.core.model.NodeSpec.NodeRole.EDGE).count(),
                image.list(Kind.LINK).size(), "examples/backbone.yaml",
                String.join(", ", image.list(Kind.TENANT).stream().map(Resource::name).toList()),
                image.list(Kind.VPC).size(), image.list(Kind.ATTACHMENT).size(), created,
                c.config().adminTokenFile().toAbsolutePath(), c.config().dataDir().toAbsolutePath(), consoleLink(c));
    }

    /**
     * How to open the console signed in, without the token itself: the demo's output lands in
     * logs and terminals' scrollback, and a token there is a token for anyone who reads them.
     */
    private static String consoleLink(Controller c) {
        return c.url() + "/  (signed in: xdg-open \"" + c.url() + "/#token=$(cat " + c.config().adminTokenFile().toAbsolutePath() + ")\")";
    }

    /** Applies the demo files as one batch; on a restart everything is simply unchanged. */
    static ResourceService.Applied load(ResourceService resources) {
        List<ChangePlanner.Op> ops = new ArrayList<>();
        for (String f : DEMO_FILES) {
            ResourceCodec.Parsed parsed = ResourceCodec.parse(read("examples/" + f), ResourceCodec.Format.YAML);
            if (!parsed.ok()) throw new IllegalStateException("demo file " + f + " does not parse: " + parsed.syntaxError() + " " + parsed.items());
            for (Resource r : parsed.resources()) ops.add(new ChangePlanner.Op.Put(ops.size(), r));
        }
        try {
            return resources.apply(ops, Caller.OPERATOR, "demo", false);
        } catch (ResourceService.Rejected e) {
            throw new ApiClient.Failure(ExitCode.REJECTED, "the demo data no longer fits the state in the data directory (" + e.plan().errors()
                    + "); remove the directory or start with --data-dir elsewhere", null);
        }
    }

    private static String read(String resource) {
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing " + resource + " in the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

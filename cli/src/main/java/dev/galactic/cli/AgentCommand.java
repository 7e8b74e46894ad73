package dev.galactic.cli;

import dev.galactic.agent.Agent;
import dev.galactic.agent.probe.TargetResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "agent", description = "Run a node's agent: probes for the controller, and (later) programs the data plane.")
final class AgentCommand implements Callable<Integer> {

    @Option(names = "--controller", required = true, paramLabel = "URL", description = "the controller, like http://10.0.0.1:8080")
    URI controller;
    @Option(names = "--node", required = true, description = "this node's name")
    String node;
    @Option(names = "--token-file", paramLabel = "FILE", description = "file holding the node token (galactic token create --node NAME); or env GALACTIC_NODE_TOKEN")
    Path tokenFile;
    @Option(names = "--bind", paramLabel = "ADDRESS", description = "address the probe listeners bind to (the node's underlay address; default all)")
    InetAddress bind;
    @Option(names = "--no-iperf-server", description = "do not run an iperf3 server for bandwidth probes")
    boolean noIperf;
    @Option(names = "--driver", defaultValue = "sim", description = "data plane: linux (kernel SRv6, nftables), vpp (vppctl), sim (in memory; default)")
    String driver;
    @Option(names = "--sites", paramLabel = "FILE", description = "linux driver: where each attachment is wired, YAML {ATTACHMENT: {device: eth1, gateway4: 172.16.1.2, gateway6: ...}}")
    Path sites;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private dev.galactic.agent.driver.DataPlaneDriver driver() throws java.io.IOException {
        return switch (driver) {
            case "sim" -> new dev.galactic.agent.driver.SimDriver();
            case "linux" -> new dev.galactic.agent.driver.linux.LinuxDriver(null, sitePorts());
            case "vpp" -> new dev.galactic.agent.driver.VppDriver(Path.of("/usr/bin/vppctl"), Launch.dataRoot().resolve("agent-" + node).resolve("keys"),
                    Launch.dataRoot().resolve("agent-" + node));
            default -> throw new ApiClient.Failure(ExitCode.USAGE, "unknown driver \"" + driver + "\": use linux, vpp or sim", null);
        };
    }

    private java.util.Map<String, dev.galactic.agent.driver.linux.LinuxPlan.SitePort> sitePorts() throws java.io.IOException {
        if (sites == null) return java.util.Map.of();
        var tree = dev.galactic.core.model.ResourceCodec.yaml().readTree(Files.readString(sites));
        java.util.Map<String, dev.galactic.agent.driver.linux.LinuxPlan.SitePort> out = new java.util.TreeMap<>();
        for (var e : tree.properties()) {
            var v = e.getValue();
            if (!v.hasNonNull("device")) throw new ApiClient.Failure(ExitCode.USAGE, sites + ": site " + e.getKey() + " needs a device", null);
            out.put(e.getKey(), new dev.galactic.agent.driver.linux.LinuxPlan.SitePort(v.get("device").asText(),
                    v.path("gateway4").asText(null), v.path("gateway6").asText(null)));
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        // a token never goes on the command line, where ps shows it to everyone
        String token = tokenFile != null ? Files.readString(tokenFile).trim() : System.getenv("GALACTIC_NODE_TOKEN");
        if (token == null || token.isBlank()) {
            throw new ApiClient.Failure(ExitCode.USAGE, "no node token: pass --token-file FILE or set GALACTIC_NODE_TOKEN "
                    + "(create one with: galactic token create --node " + node + ")", null);
        }
        Agent agent = Agent.start(new Agent.Config(controller, node, token, bind, TargetResolver.PortConventions.DEFAULTS, !noIperf, driver()));
        spec.commandLine().getOut().println("agent of " + node + " running with the " + driver + " driver; controller " + controller);
        spec.commandLine().getOut().flush();
        ControllerCommand.blockUntilStopped(agent);
        return ExitCode.OK;
    }
}

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
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // a token never goes on the command line, where ps shows it to everyone
        String token = tokenFile != null ? Files.readString(tokenFile).trim() : System.getenv("GALACTIC_NODE_TOKEN");
        if (token == null || token.isBlank()) {
            throw new ApiClient.Failure(ExitCode.USAGE, "no node token: pass --token-file FILE or set GALACTIC_NODE_TOKEN "
                    + "(create one with: galactic token create --node " + node + ")", null);
        }
        // the Linux and VPP drivers come with the data plane; until then the agent keeps configs in memory
        Agent agent = Agent.start(new Agent.Config(controller, node, token, bind, TargetResolver.PortConventions.DEFAULTS, !noIperf,
                new dev.galactic.agent.driver.SimDriver()));
        spec.commandLine().getOut().println("agent of " + node + " running; controller " + controller);
        spec.commandLine().getOut().flush();
        ControllerCommand.blockUntilStopped(agent);
        return ExitCode.OK;
    }
}

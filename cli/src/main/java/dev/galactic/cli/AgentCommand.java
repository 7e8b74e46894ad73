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

@Command(name = "agent", description = "Run a node's agent: dials the controller, probes for it, and programs the node's data plane "
        + "through its driver. The default driver, sim, only keeps configs in memory: no packet is forwarded.")
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
    @Option(names = "--driver", defaultValue = "sim", paramLabel = "linux|vpp|sim",
            description = "data plane: linux (kernel SRv6, nftables), vpp (vppctl), sim (in memory, programs nothing); default ${DEFAULT-VALUE}")
    String driver;
    @Option(names = "--sites", paramLabel = "FILE", description = "linux driver: where each attachment is wired, YAML {ATTACHMENT: {device: eth1, gateway4: 172.16.1.2, gateway6: ...}}")
    Path sites;
    @Option(names = "--tunnels", paramLabel = "FILE", description = "linux driver: the WireGuard interface of each tunnel, YAML {PEER: {device: wg1, listenPort: 51821, endpoint: \"[2001:db8::1]:51821\"}}; the agent sets keys and peers")
    Path tunnels;
    @Option(names = "--state-dir", paramLabel = "DIR", description = "where the agent keeps the node's WireGuard private key (default .galactic/agent-NODE)")
    Path stateDir;
    @Option(names = "--dataplane", defaultValue = "auto", paramLabel = "auto|seg6|ebpf",
            description = "linux driver: how SRv6 is carried: ebpf (programs and maps, for kernels without seg6 lightweight tunnels), seg6 (the kernel's), auto (ebpf where it runs, else seg6); default ${DEFAULT-VALUE}")
    String dataplane;
    @Option(names = "--bpf-pins", paramLabel = "DIR", description = "linux driver, ebpf: where the node's programs and maps are pinned, on a bpffs (default /run/galactic/bpf/NODE)")
    Path bpfPins;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private dev.galactic.agent.driver.linux.LinuxDriver.Options linuxOptions() {
        dev.galactic.agent.driver.linux.LinuxDriver.Choice choice = switch (dataplane) {
            case "auto" -> dev.galactic.agent.driver.linux.LinuxDriver.Choice.AUTO;
            case "seg6" -> dev.galactic.agent.driver.linux.LinuxDriver.Choice.SEG6;
            case "ebpf" -> dev.galactic.agent.driver.linux.LinuxDriver.Choice.EBPF;
            default -> throw new ApiClient.Failure(ExitCode.USAGE, "unknown --dataplane \"" + dataplane + "\": use auto, seg6 or ebpf", null);
        };
        return new dev.galactic.agent.driver.linux.LinuxDriver.Options(choice,
                bpfPins != null ? bpfPins : dev.galactic.agent.driver.linux.LinuxDriver.Options.defaults(node).bpfPins());
    }

    private dev.galactic.agent.driver.DataPlaneDriver driver() throws java.io.IOException {
        return switch (driver) {
            case "sim" -> new dev.galactic.agent.driver.SimDriver();
            case "linux" -> tunnels == null ? new dev.galactic.agent.driver.linux.LinuxDriver(null, sitePorts(), linuxOptions())
                    : new dev.galactic.agent.driver.linux.LinuxDriver(null, sitePorts(), tunnelPorts(),
                    dev.galactic.agent.driver.linux.WireGuardKey.loadOrCreate(state().resolve("wg.key")), linuxOptions());
            case "vpp" -> new dev.galactic.agent.driver.VppDriver(Path.of("/usr/bin/vppctl"), Launch.dataRoot().resolve("agent-" + node).resolve("keys"),
                    Launch.dataRoot().resolve("agent-" + node));
            default -> throw new ApiClient.Failure(ExitCode.USAGE, "unknown driver \"" + driver + "\": use linux, vpp or sim", null);
        };
    }

    private Path state() {
        return stateDir != null ? stateDir : Launch.dataRoot().resolve("agent-" + node);
    }

    private java.util.Map<String, dev.galactic.agent.driver.linux.LinuxPlan.SitePort> sitePorts() throws java.io.IOException {
        return deviceMap(sites, "site", v -> new dev.galactic.agent.driver.linux.LinuxPlan.SitePort(v.get("device").asText(),
                v.path("gateway4").asText(null), v.path("gateway6").asText(null)));
    }

    private java.util.Map<String, String> devices() throws java.io.IOException {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        sitePorts().forEach((attachment, port) -> out.put(attachment, port.device()));
        return out;
    }

    private java.util.Map<String, dev.galactic.agent.driver.linux.LinuxPlan.TunnelPort> tunnelPorts() throws java.io.IOException {
        return deviceMap(tunnels, "tunnel", v -> new dev.galactic.agent.driver.linux.LinuxPlan.TunnelPort(v.get("device").asText(),
                v.hasNonNull("listenPort") ? v.get("listenPort").asInt() : null, v.path("endpoint").asText(null)));
    }

    /** A YAML map NAME -> {device: ..., ...} from a node-local file, each entry made by {@code entry}. */
    private static <T> java.util.Map<String, T> deviceMap(Path file, String what,
                                                          java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, T> entry) throws java.io.IOException {
        if (file == null) return java.util.Map.of();
        var tree = dev.galactic.core.model.ResourceCodec.yaml().readTree(Files.readString(file));
        java.util.Map<String, T> out = new java.util.TreeMap<>();
        for (var e : tree.properties()) {
            if (!e.getValue().hasNonNull("device")) throw new ApiClient.Failure(ExitCode.USAGE, file + ": " + what + " " + e.getKey() + " needs a device", null);
            out.put(e.getKey(), entry.apply(e.getValue()));
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
        // the linux driver's site map says where each attachment is wired: BGP speakers bind to those links
        Agent.Bgp bgp = "linux".equals(driver) && sites != null ? new Agent.Bgp(state(), devices()) : null;
        Agent agent = Agent.start(new Agent.Config(controller, node, token, bind, TargetResolver.PortConventions.DEFAULTS, !noIperf, driver(), bgp));
        spec.commandLine().getOut().println("agent of " + node + " running with the " + driver + " driver; controller " + controller);
        spec.commandLine().getOut().flush();
        ControllerCommand.blockUntilStopped(agent);
        return ExitCode.OK;
    }
}

package dev.galactic.cli;

import dev.galactic.lab.Lab;
import dev.galactic.lab.LabStatus;
import dev.galactic.lab.Progress;
import dev.galactic.lab.emu.Impairment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "lab", description = "A backbone in network namespaces on this machine, with real packets (root).",
        subcommands = {LabCommand.Up.class, LabCommand.Demo.class, LabCommand.Status.class, LabCommand.Impair.class, LabCommand.Stop.class, LabCommand.Start.class, LabCommand.Down.class})
final class LabCommand {

    static final class WorkDir {
        @Option(names = "--work-dir", paramLabel = "DIR", description = "where the lab keeps its state (default .galactic/lab)")
        Path dir;

        Path get() {
            return dir != null ? dir : Launch.dataRoot().resolve("lab");
        }
    }

    /** What every lab verb has: the lab's work directory and its own command spec (for output). */
    abstract static class Verb implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Mixin
        WorkDir work;
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;
    }

    static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new ApiClient.Failure(ExitCode.USAGE, "the lab creates network namespaces: run it as root", null);
        }
    }

    @Command(name = "up", description = "Build the lab from a topology file (see docs/lab.md).")
    static final class Up extends Verb {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "TOPOLOGY", description = "like lab/topologies/demo.yaml")
        Path file;
        @Option(names = "--network-only", description = "build namespaces, links and WireGuard, but start no controller and no agents")
        boolean networkOnly;
        @Override
        public Integer call() throws Exception {
            requireRoot();
            if (!Files.isRegularFile(file)) throw new ApiClient.Failure(ExitCode.USAGE, file + " does not exist", null);
            PrintWriter out = spec.commandLine().getOut();
            LabStatus s = Lab.up(file, work.get(), new Progress(System.out), networkOnly ? Lab.Options.networkOnly() : Lab.Options.full());
            out.println();
            out.println("Lab " + s.name() + " is up (namespaces " + s.prefix() + "-*). Try:");
            List<LabStatus.SiteStatus> sites = s.sites();
            LabStatus.SiteStatus a = sites.isEmpty() ? null : sites.getFirst();
            LabStatus.SiteStatus b = a == null ? null : sites.stream().filter(x -> x.tenant().equals(a.tenant()) && !x.name().equals(a.name())).findFirst().orElse(null);
            if (s.controllerUrl() != null && b != null) {
                out.println("  ip netns exec " + a.netns() + " ping -I " + a.lanAddresses().getFirst().replaceAll("/.*", "") + " "
                        + b.lanAddresses().getFirst().replaceAll("/.*", "") + "   # site " + a.name() + " to " + b.name() + " across the backbone");
            } else if (a != null) {
                out.println("  ip netns exec " + a.netns() + " ping " + a.edgeV4().replaceAll("/.*", "") + "     # site " + a.name() + " to its edge " + a.edge());
            }
            LabStatus.NodeStatus n = s.nodes().getFirst();
            out.println("  ip netns exec " + n.netns() + " ip -6 route          # the underlay of " + n.name());
            out.println("  ./galactic lab impair " + (s.links().isEmpty() ? "LINK" : s.links().getFirst().name()) + " --delay 30 --loss 5");
            out.println("  ./galactic lab status");
            out.println("  ./galactic lab down");
            if (s.controllerUrl() != null) {
                Path token = Lab.controllerDir(work.get()).resolve("admin-token").toAbsolutePath();
                out.println("The controller runs in " + s.mgmt().netns() + "; from this host it is " + s.controllerUrl() + ":");
                out.println("  export GALACTIC_SERVER=" + s.controllerUrl() + " GALACTIC_TOKEN=$(cat " + token + ")");
                if (a != null) out.println("  ./galactic paths " + dev.galactic.lab.topology.LabResources.VPC + " -t " + a.tenant());
                // the token itself never goes to the terminal (or a log of it): only where it is
                out.println("  console: xdg-open \"" + s.controllerUrl() + "/#token=$(cat " + token + ")\"");
            } else {
                out.println("Network only: no controller and no agents run, so no tenant routes are programmed.");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "demo", description = "The closed loop, narrated: builds the closed-loop lab (unless one runs in the work directory), "
            + "then degrades and restores links under tenants on different classes and prints when their traffic moved.")
    static final class Demo extends Verb {
        @Option(names = {"-f", "--file"}, paramLabel = "TOPOLOGY", defaultValue = "lab/topologies/closed-loop.yaml",
                description = "the closed-loop topology (default ${DEFAULT-VALUE})")
        Path file;
        @Option(names = "--hold-down", paramLabel = "SECONDS", defaultValue = "10", description = "the controller's hold-down (default ${DEFAULT-VALUE})")
        long holdDown;
        @Option(names = "--link-window", paramLabel = "SECONDS", defaultValue = "12", description = "the controller's link window (default ${DEFAULT-VALUE})")
        long linkWindow;

        @Override
        public Integer call() throws Exception {
            requireRoot();
            Path dir = work.get();
            if (!Files.exists(dir.resolve("state.json"))) {
                if (!Files.isRegularFile(file)) throw new ApiClient.Failure(ExitCode.USAGE, file + " does not exist (run from the repository root, or give -f)", null);
                System.out.println("Building the closed-loop lab: hold-down " + holdDown + " s, link window " + linkWindow + " s ...");
                Lab.up(file, dir, new Progress(System.out), Lab.Options.full(dev.galactic.lab.ClosedLoopScript.controllerArgs(
                        java.time.Duration.ofSeconds(holdDown), java.time.Duration.ofSeconds(linkWindow))));
                System.out.println("Waiting one link window (" + linkWindow + " s): probes lost while the lab started must not count.");
                Thread.sleep(linkWindow * 1000);
            } else {
                System.out.println("Using the lab already in " + dir + " (built from " + Lab.status(dir).name() + ").");
            }
            System.out.println();
            try (dev.galactic.lab.Reroute r = dev.galactic.lab.Reroute.open(dir)) {
                var script = new dev.galactic.lab.ClosedLoopScript(r, System.out, java.time.Duration.ofSeconds(holdDown));
                for (var step : dev.galactic.lab.ClosedLoopScript.STEPS) script.run(step, true);
            }
            spec.commandLine().getOut().println("The lab is still up: ./galactic lab status, ./galactic events (see the lab up output), ./galactic lab down");
            return ExitCode.OK;
        }
    }

    @Command(name = "status", description = "What the lab has: nodes, links and their impairments, daemons.")
    static final class Status extends Verb {
        @Override
        public Integer call() throws Exception {
            if (!Files.exists(work.get().resolve("state.json"))) throw new ApiClient.Failure(ExitCode.NOT_FOUND, "no lab in " + work.get(), null);
            LabStatus s = Lab.status(work.get());
            PrintWriter out = spec.commandLine().getOut();
            out.println("lab " + s.name() + " (" + s.prefix() + "): " + s.phase().name().toLowerCase() + (s.healthy() ? ", healthy" : ", NOT healthy"));
            List<List<String>> rows = new ArrayList<>();
            for (LabStatus.NodeStatus n : s.nodes()) rows.add(List.of(n.name(), n.role(), n.netns(), n.locator(), n.exists() ? "yes" : "MISSING"));
            Output.table(out, List.of("NODE", "ROLE", "NAMESPACE", "LOCATOR", "EXISTS"), rows);
            out.println();
            rows = new ArrayList<>();
            for (LabStatus.LinkStatus l : s.links()) {
                Impairment i = l.impairment();
                rows.add(List.of(l.name(), l.emulation(), i == null ? "-" : i.delayMs() + " ms", i == null ? "-" : i.jitterMs() + " ms", i == null ? "-" : i.lossPercent() + " %"));
            }
            Output.table(out, List.of("LINK", "EMULATION", "DELAY", "JITTER", "LOSS"), rows);
            out.println();
            rows = new ArrayList<>();
            for (LabStatus.DaemonStatus d : s.daemons()) rows.add(List.of(d.kind(), d.detail() == null ? "-" : d.detail(), d.netns() == null ? "-" : d.netns(), Long.toString(d.pid()), d.alive() ? "running" : "DEAD"));
            Output.table(out, List.of("DAEMON", "OF", "NAMESPACE", "PID", "STATE"), rows);
            if (s.controllerUrl() != null) out.println("controller: " + s.controllerUrl() + " from this host (" + s.mgmt().controllerAddress() + " in " + s.mgmt().netns() + ")");
            s.warnings().forEach(w -> out.println("warning: " + w));
            return s.healthy() ? ExitCode.OK : ExitCode.UNAVAILABLE;
        }
    }

    @Command(name = "impair", description = "Change a link's delay, jitter and loss while the lab runs.")
    static final class Impair extends Verb {
        @Parameters(paramLabel = "LINK", description = "a link name from 'galactic lab status', like core1-core2")
        String link;
        @Option(names = "--delay", paramLabel = "MS", defaultValue = "0", description = "one-way delay per direction")
        double delay;
        @Option(names = "--jitter", paramLabel = "MS", defaultValue = "0")
        double jitter;
        @Option(names = "--loss", paramLabel = "PCT", defaultValue = "0")
        double loss;
        @Override
        public Integer call() throws Exception {
            requireRoot();
            try {
                Lab.impair(work.get(), link, new Impairment(delay, jitter, loss));
            } catch (IllegalArgumentException e) {
                throw new ApiClient.Failure(ExitCode.REJECTED, e.getMessage(), null);
            }
            spec.commandLine().getOut().println(link + ": delay " + delay + " ms, jitter " + jitter + " ms, loss " + loss + " % (applies within 100 ms)");
            return ExitCode.OK;
        }
    }

    /** What stop and start act on: the controller, or one node's agent. */
    abstract static class DaemonVerb extends Verb {
        @Parameters(index = "0", paramLabel = "WHAT", description = "controller or agent")
        String kind;
        @Parameters(index = "1", arity = "0..1", paramLabel = "NODE", description = "the node, for agent")
        String node;

        String detail() {
            return switch (kind) {
                case "controller" -> "controller";
                case "agent" -> {
                    if (node == null) throw new ApiClient.Failure(ExitCode.USAGE, "which agent? galactic lab " + spec.name() + " agent NODE", null);
                    yield node;
                }
                default -> throw new ApiClient.Failure(ExitCode.USAGE, "unknown \"" + kind + "\": use controller or agent NODE", null);
            };
        }

        /** Does it; returns what happened, for the user. */
        abstract String act(String detail) throws Exception;

        @Override
        public Integer call() throws Exception {
            requireRoot();
            String detail = detail();
            try {
                spec.commandLine().getOut().println(kind + (node == null ? "" : " " + node) + " " + act(detail));
            } catch (IllegalArgumentException e) {
                throw new ApiClient.Failure(ExitCode.NOT_FOUND, e.getMessage(), null);
            } catch (IllegalStateException e) {
                throw new ApiClient.Failure(ExitCode.REJECTED, e.getMessage(), null);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "stop", description = "Stop the lab's controller or one node's agent (forwarding stays as programmed).")
    static final class Stop extends DaemonVerb {
        @Override
        String act(String detail) throws Exception {
            return Lab.stop(work.get(), kind, detail) ? "stopped" : "was not running";
        }
    }

    @Command(name = "start", description = "Start the lab's controller or one node's agent again.")
    static final class Start extends DaemonVerb {
        @Override
        String act(String detail) throws Exception {
            return "started, pid " + Lab.start(work.get(), kind, detail);
        }
    }

    @Command(name = "down", description = "Remove everything the lab created; safe to run twice or after a crash.")
    static final class Down extends Verb {
        @Override
        public Integer call() throws Exception {
            requireRoot();
            Lab.DownReport r = Lab.down(work.get(), new Progress(System.out));
            spec.commandLine().getOut().printf("lab down: %d daemons stopped, %d namespaces deleted in %.1f s%n", r.daemonsStopped(), r.namespacesDeleted(), r.seconds());
            return ExitCode.OK;
        }
    }
}

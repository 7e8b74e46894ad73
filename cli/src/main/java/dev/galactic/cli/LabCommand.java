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
        subcommands = {LabCommand.Up.class, LabCommand.Status.class, LabCommand.Impair.class, LabCommand.Down.class})
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
        @Override
        public Integer call() throws Exception {
            requireRoot();
            if (!Files.isRegularFile(file)) throw new ApiClient.Failure(ExitCode.USAGE, file + " does not exist", null);
            PrintWriter out = spec.commandLine().getOut();
            LabStatus s = Lab.up(file, work.get(), new Progress(System.out));
            out.println();
            out.println("Lab " + s.name() + " is up (namespaces " + s.prefix() + "-*). Try:");
            List<LabStatus.SiteStatus> sites = s.sites();
            if (sites.size() >= 2) {
                LabStatus.SiteStatus a = sites.getFirst();
                out.println("  ip netns exec " + a.netns() + " ping " + a.edgeV4().replaceAll("/.*", "") + "     # site " + a.name() + " to its edge " + a.edge());
            }
            LabStatus.NodeStatus n = s.nodes().getFirst();
            out.println("  ip netns exec " + n.netns() + " ip -6 route          # the underlay of " + n.name());
            out.println("  ./galactic lab impair " + (s.links().isEmpty() ? "LINK" : s.links().getFirst().name()) + " --delay 30 --loss 5");
            out.println("  ./galactic lab status");
            out.println("  ./galactic lab down");
            out.println("The lab builds the underlay (namespaces, emulated links, WireGuard); tenant routes come from agents,");
            out.println("which the lab does not start yet.");
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
            for (LabStatus.DaemonStatus d : s.daemons()) rows.add(List.of(d.kind(), d.netns() == null ? "-" : d.netns(), Long.toString(d.pid()), d.alive() ? "running" : "DEAD"));
            Output.table(out, List.of("DAEMON", "NAMESPACE", "PID", "STATE"), rows);
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

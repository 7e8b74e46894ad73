package dev.galactic.cli;

import dev.galactic.core.pce.OfflinePce;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "pce", description = "Compute paths offline, with no server: topology + demands (+ link states) in, paths as JSON out (docs/pce.md).")
final class PceCommand implements Callable<Integer> {

    @Option(names = "--topology", required = true, paramLabel = "FILE", description = "Node and Link resources (YAML or JSON)")
    Path topology;
    @Option(names = "--demands", required = true, paramLabel = "FILE", description = "Tenant, TrafficClass, Vpc and Attachment resources")
    Path demands;
    @Option(names = "--link-states", paramLabel = "FILE", description = "measured link states; links without one use their inventory facts")
    Path linkStates;
    @Option(names = {"-o", "--output"}, defaultValue = "json", description = "json (the only format: byte-identical for the same input)")
    String output;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!output.equals("json")) throw new ApiClient.Failure(ExitCode.USAGE, "only -o json is supported", null);
        for (Path p : new Path[]{topology, demands, linkStates}) {
            if (p != null && !Files.isRegularFile(p)) throw new ApiClient.Failure(ExitCode.USAGE, p + " does not exist", null);
        }
        OfflinePce.Inputs in;
        try {
            in = OfflinePce.Inputs.parse(Files.readString(topology), Files.readString(demands),
                    linkStates == null ? null : Files.readString(linkStates));
            spec.commandLine().getOut().println(OfflinePce.run(in));
        } catch (IllegalArgumentException e) {
            throw new ApiClient.Failure(ExitCode.REJECTED, e.getMessage(), null);
        }
        return ExitCode.OK;
    }
}

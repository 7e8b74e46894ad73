package dev.galactic.cli;

import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.topology.GraphMlImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;

@Command(name = "import", description = "Turn other formats into resources.", subcommands = ImportCommand.TopologyZoo.class)
final class ImportCommand {

    @Command(name = "topology-zoo", description = "A Topology Zoo GraphML file as Node and Link resources (coordinates kept; latency from great-circle distance).")
    static final class TopologyZoo implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "FILE.graphml")
        Path file;
        @Option(names = "--prefix", description = "prefix for node names (default: the file's name)")
        String prefix;
        @Option(names = {"-o", "--output"}, defaultValue = "yaml", description = "yaml (default) or json")
        String output;
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Output.Format format = GetCommand.format(output);
            if (format == Output.Format.TABLE) throw new ApiClient.Failure(ExitCode.USAGE, "import writes resources: use -o yaml or -o json", null);
            if (!Files.isRegularFile(file)) throw new ApiClient.Failure(ExitCode.USAGE, file + " does not exist", null);
            String p = prefix != null ? prefix : file.getFileName().toString().replaceAll("\\.graphml$", "").toLowerCase().replaceAll("[^a-z0-9]+", "-");
            GraphMlImport.Result r;
            try {
                r = GraphMlImport.parse(Files.readString(file), p);
            } catch (IllegalArgumentException e) {
                throw new ApiClient.Failure(ExitCode.REJECTED, file + ": " + e.getMessage(), null);
            }
            if (format == Output.Format.YAML) {
                // one document per resource: a file like those in examples/, to edit and apply
                spec.commandLine().getOut().print(ResourceCodec.write(r.all(), ResourceCodec.Format.YAML));
            } else {
                // JSON has no documents: one List whatever the count, as get prints
                Output.document(spec.commandLine().getOut(), Output.list(r.all().stream().map(ResourceCodec::toTree).toList()), format);
            }
            // what was skipped or fixed goes to stderr, so stdout stays a clean resource file
            r.notes().forEach(n -> spec.commandLine().getErr().println("note: " + n));
            spec.commandLine().getErr().println(r.nodes().size() + " nodes and " + r.links().size() + " links imported from " + file);
            return ExitCode.OK;
        }
    }
}

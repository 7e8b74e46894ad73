package dev.galactic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "apply", description = "Create or update resources from files, all or nothing.")
final class ApplyCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;
    @Mixin
    BatchInput input;
    @Option(names = "--dry-run", description = "show what would change, change nothing")
    boolean dryRun;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode result = input.post(client.client(), "/api/v1/apply" + (dryRun ? "?dryRun=true" : ""));
        PrintWriter out = spec.commandLine().getOut();
        for (JsonNode r : result.path("results")) {
            out.println(resourceLabel(r) + " " + r.path("action").asText() + (dryRun ? " (dry run)" : ""));
        }
        return ExitCode.OK;
    }

    static String resourceLabel(JsonNode r) {
        return r.path("kind").asText().toLowerCase() + "/" + (r.hasNonNull("tenant") ? r.get("tenant").asText() + "/" : "")
                + r.path("name").asText();
    }
}

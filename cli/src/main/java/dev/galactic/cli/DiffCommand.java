package dev.galactic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "diff", description = "Show what applying the files would change, field by field. Exits 1 when something would change.")
final class DiffCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;
    @Mixin
    BatchInput input;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode result = input.post(client.client(), "/api/v1/apply?dryRun=true");
        PrintWriter out = spec.commandLine().getOut();
        boolean changes = false;
        for (JsonNode r : result.path("results")) {
            String action = r.path("action").asText();
            if (action.equals("unchanged")) continue;
            changes = true;
            out.println(ApplyCommand.resourceLabel(r) + " (" + action + ")");
            for (JsonNode d : r.path("diff")) {
                String path = d.path("path").asText();
                if (path.equals("/")) {
                    // a whole resource appears or goes: show it as the YAML one would write
                    String sign = d.hasNonNull("after") ? "+ " : "- ";
                    JsonNode whole = d.hasNonNull("after") ? d.get("after") : d.get("before");
                    Output.yaml(whole).lines().forEach(l -> out.println("  " + sign + l));
                    continue;
                }
                if (d.hasNonNull("before")) out.println("  - " + path + ": " + d.get("before"));
                if (d.hasNonNull("after")) out.println("  + " + path + ": " + d.get("after"));
            }
        }
        if (!changes) out.println("No changes.");
        return changes ? ExitCode.DIFFERENCES : ExitCode.OK;
    }
}

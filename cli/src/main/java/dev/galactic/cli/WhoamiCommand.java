package dev.galactic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "whoami", description = "Show which controller and identity the CLI uses.")
final class WhoamiCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ApiClient api = client.client();
        JsonNode me = api.get("/api/v1/whoami");
        spec.commandLine().getOut().println(api.server() + ": " + me.path("role").asText()
                + (me.hasNonNull("tenant") ? " of tenant " + me.get("tenant").asText() : ""));
        return ExitCode.OK;
    }
}

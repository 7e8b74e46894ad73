package dev.galactic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;

@Command(name = "token", description = "Manage API tokens (operator only).")
final class TokenCommand {

    @Mixin
    ClientOptions client;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Command(name = "create", description = "Create a token; prints the secret once.")
    int create(@Option(names = "--tenant", description = "scope the token to this tenant; without it, an operator token") String tenant,
               @Option(names = "--node", description = "a token for this node's agent (it opens the agent connection only)") String node,
               @Option(names = "--description", description = "what the token is for") String description) {
        var body = dev.galactic.core.model.ResourceCodec.json().createObjectNode();
        if (tenant != null) body.put("tenant", tenant);
        if (node != null) body.put("node", node);
        // the controller makes an operator token only when asked for one by name
        if (tenant == null && node == null) body.put("role", "operator");
        if (description != null) body.put("description", description);
        JsonNode r = client.client().post("/api/v1/tokens", "application/json", body.toString());
        spec.commandLine().getOut().println(r.path("token").asText());
        spec.commandLine().getErr().println("token " + r.path("id").asText() + " created for "
                + (node != null ? "the agent of node " + node : tenant == null ? "the operator" : "tenant " + tenant) + "; the secret above is not shown again");
        return ExitCode.OK;
    }

    @Command(name = "list", description = "List tokens (never their secrets).")
    int list() {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode t : client.client().get("/api/v1/tokens").path("items")) {
            rows.add(List.of(t.path("id").asText(), t.path("role").asText(), t.path("tenant").asText(t.path("node").asText("-")),
                    t.path("createdAt").asText(), t.path("description").asText()));
        }
        Output.table(spec.commandLine().getOut(), List.of("ID", "ROLE", "TENANT/NODE", "CREATED", "DESCRIPTION"), rows);
        return ExitCode.OK;
    }

    @Command(name = "revoke", description = "Revoke a token by id.")
    int revoke(@Parameters(paramLabel = "ID") String id) {
        client.client().delete("/api/v1/tokens/" + GetCommand.enc(id));
        spec.commandLine().getOut().println("token " + id + " revoked");
        return ExitCode.OK;
    }
}

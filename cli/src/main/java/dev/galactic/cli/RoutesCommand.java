package dev.galactic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "routes", description = "An attachment's BGP session: its state, the prefixes it received (accepted, or rejected and why) and what its edge advertises.")
final class RoutesCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;
    @Parameters(paramLabel = "ATTACHMENT")
    String attachment;
    @Option(names = {"-t", "--tenant"}, description = "the tenant (tenant tokens default to their own)")
    String tenant;
    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table (default), yaml or json")
    String output;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ApiClient api = client.client();
        String t = api.tenant(tenant, "Attachment " + attachment);
        JsonNode view = api.get("/api/v1/tenants/" + GetCommand.enc(t) + "/attachments/" + GetCommand.enc(attachment) + "/routes");
        var out = spec.commandLine().getOut();
        Output.Format format = GetCommand.format(output);
        switch (format) {
            case JSON, YAML -> Output.document(out, view, format);
            case TABLE -> {
                JsonNode s = view.path("session");
                out.println("session " + s.path("state").asText() + (s.has("node") ? " on " + s.path("node").asText() : "")
                        + (s.has("detail") ? " (" + s.path("detail").asText() + ")" : ""));
                List<List<String>> rows = new ArrayList<>();
                view.path("accepted").forEach(r -> rows.add(List.of(r.path("prefix").asText(), path(r), "accepted", "")));
                view.path("rejected").forEach(r -> rows.add(List.of(r.path("prefix").asText(), path(r), r.path("reason").asText(), r.path("why").asText())));
                view.path("advertised").forEach(p -> rows.add(List.of(p.asText(), "", "advertised", "")));
                if (rows.isEmpty()) out.println("No routes received or advertised.");
                else Output.table(out, List.of("PREFIX", "AS PATH", "DECISION", "WHY"), rows);
            }
        }
        return ExitCode.OK;
    }

    private static String path(JsonNode r) {
        List<String> asns = new ArrayList<>();
        r.path("asPath").forEach(a -> asns.add(a.asText()));
        return String.join(" ", asns);
    }
}

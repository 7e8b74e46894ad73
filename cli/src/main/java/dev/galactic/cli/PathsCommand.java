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

@Command(name = "paths", description = "The computed paths of a VPC: hops, predicted figures, and whether each meets its class.")
final class PathsCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;
    @Parameters(paramLabel = "VPC")
    String vpc;
    @Option(names = {"-t", "--tenant"}, description = "the tenant (tenant tokens default to their own)")
    String tenant;
    @Option(names = {"-c", "--class"}, description = "only this traffic class")
    String trafficClass;
    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table (default), yaml or json")
    String output;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ApiClient api = client.client();
        String t = api.tenant(tenant, "Vpc " + vpc);
        JsonNode items = api.get("/api/v1/tenants/" + GetCommand.enc(t) + "/vpcs/" + GetCommand.enc(vpc) + "/paths").path("items");
        List<JsonNode> shown = new ArrayList<>();
        items.forEach(r -> { if (trafficClass == null || trafficClass.equals(r.path("trafficClass").asText())) shown.add(r); });
        Output.Format format = GetCommand.format(output);
        switch (format) {
            case JSON, YAML -> Output.document(spec.commandLine().getOut(), Output.list(shown), format);
            case TABLE -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode r : shown) {
                    JsonNode p = r.path("primary");
                    List<String> hops = new ArrayList<>();
                    p.path("nodes").forEach(n -> hops.add(n.asText()));
                    rows.add(List.of(r.path("trafficClass").asText(), r.path("from").asText() + " -> " + r.path("to").asText(),
                            r.path("status").asText(), hops.isEmpty() ? "-" : String.join(" ", hops),
                            p.isMissingNode() || p.isNull() ? "-" : String.format("%.1f", p.at("/metrics/latencyMs").asDouble()),
                            r.path("violation").isMissingNode() || r.path("violation").isNull() ? "" : r.at("/violation/detail").asText()));
                }
                if (rows.isEmpty()) spec.commandLine().getOut().println("No paths (yet) for VPC " + vpc + ".");
                else Output.table(spec.commandLine().getOut(), List.of("CLASS", "SITES", "STATUS", "PATH", "LATENCY MS", "WHY NOT MET"), rows);
            }
        }
        return ExitCode.OK;
    }
}

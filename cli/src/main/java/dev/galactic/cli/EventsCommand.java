package dev.galactic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "events", description = "Recent events: resource changes, link states, path moves, SLA violations.")
final class EventsCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;
    @Option(names = "--type", description = "type prefixes, comma separated, like sla.,path.")
    String type;
    @Option(names = "--limit", defaultValue = "50")
    int limit;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String q = "/api/v1/events?limit=" + limit + (type == null ? "" : "&type=" + GetCommand.enc(type));
        for (JsonNode e : client.client().get(q).path("items")) {
            spec.commandLine().getOut().println(e.path("at").asText() + "  " + String.format("%-16s", e.path("type").asText())
                    + (e.hasNonNull("tenant") ? "[" + e.get("tenant").asText() + "] " : "") + e.path("summary").asText());
        }
        return ExitCode.OK;
    }
}

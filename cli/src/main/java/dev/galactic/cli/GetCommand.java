package dev.galactic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.galactic.core.model.Kind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "get", description = "List resources of a kind, or show one.")
final class GetCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;
    @Parameters(index = "0", paramLabel = "KIND", description = "tenant, node, link, trafficclass, vpc, attachment, classifier, policy, webhook (singular or plural)")
    String kindText;
    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME")
    String name;
    @Option(names = {"-t", "--tenant"}, description = "the tenant (tenant tokens default to their own)")
    String tenant;
    @Option(names = {"-A", "--all-tenants"}, description = "list across every tenant the token may see")
    boolean allTenants;
    @Option(names = {"-l", "--selector"}, description = "label selector, like env=prod,tier!=web")
    String selector;
    @Option(names = {"-o", "--output"}, description = "table (default), yaml or json", defaultValue = "table")
    String output;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Kind kind = kind(kindText);
        Output.Format format = format(output);
        ApiClient api = client.client();
        String t = kind.scope() == Kind.Scope.TENANT && name != null ? api.tenant(tenant, kind.wireName()) : tenant;
        PrintWriter out = spec.commandLine().getOut();
        if (name != null) {
            String path = kind.scope() == Kind.Scope.CLUSTER || (kind.scope() == Kind.Scope.TENANT_OR_CLUSTER && t == null)
                    ? "/api/v1/" + kind.plural() + "/" + enc(name)
                    : "/api/v1/tenants/" + enc(t) + "/" + kind.plural() + "/" + enc(name);
            Output.resource(out, kind, api.get(path), format);
        } else {
            StringBuilder q = new StringBuilder("/api/v1/" + kind.plural() + "?");
            if (t != null && !allTenants) q.append("tenant=").append(enc(t)).append('&');
            if (selector != null) q.append("selector=").append(enc(selector));
            List<JsonNode> items = new ArrayList<>();
            api.get(q.toString()).path("items").forEach(items::add);
            Output.resources(out, kind, items, format);
        }
        return ExitCode.OK;
    }

    static Kind kind(String text) {
        String t = text.toLowerCase();
        return Kind.parse(t).or(() -> Kind.parse(t.endsWith("s") ? t.substring(0, t.length() - 1) : t + "s"))
                .or(() -> t.equals("trafficclass") || t.equals("tc") ? java.util.Optional.of(Kind.TRAFFIC_CLASS) : java.util.Optional.empty())
                .orElseThrow(() -> new ApiClient.Failure(ExitCode.USAGE, "unknown kind \"" + text + "\"; use one of: "
                        + String.join(", ", java.util.Arrays.stream(Kind.values()).map(k -> k.wireName().toLowerCase()).toList()), null));
    }

    static Output.Format format(String text) {
        return switch (text.toLowerCase()) {
            case "table", "wide" -> Output.Format.TABLE;
            case "yaml", "yml" -> Output.Format.YAML;
            case "json" -> Output.Format.JSON;
            default -> throw new ApiClient.Failure(ExitCode.USAGE, "unknown output \"" + text + "\"; use table, yaml or json", null);
        };
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

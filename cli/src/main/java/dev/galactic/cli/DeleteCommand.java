package dev.galactic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.galactic.core.model.Kind;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "delete", description = "Delete one resource (KIND NAME) or every resource named in files (-f), all or nothing.")
final class DeleteCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @ArgGroup(exclusive = false)
        Named named;
        @ArgGroup(exclusive = false)
        BatchInput files;
    }

    static final class Named {
        @Parameters(index = "0", paramLabel = "KIND")
        String kind;
        @Parameters(index = "1", paramLabel = "NAME")
        String name;
    }

    @Option(names = {"-t", "--tenant"}, description = "the tenant of a tenant resource")
    String tenant;
    @Option(names = "--resource-version", description = "delete only if the resource is still at this version")
    Long resourceVersion;
    @Option(names = "--dry-run", description = "check, delete nothing")
    boolean dryRun;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ApiClient api = client.client();
        PrintWriter out = spec.commandLine().getOut();
        JsonNode result;
        if (target.files != null) {
            result = target.files.post(api, "/api/v1/delete" + (dryRun ? "?dryRun=true" : ""));
        } else {
            Kind kind = GetCommand.kind(target.named.kind);
            String t = kind.scope() == Kind.Scope.TENANT ? api.tenant(tenant, kind.wireName()) : tenant;
            String path = (t == null ? "/api/v1/" : "/api/v1/tenants/" + GetCommand.enc(t) + "/") + kind.plural() + "/" + GetCommand.enc(target.named.name);
            String q = (resourceVersion == null ? "" : "resourceVersion=" + resourceVersion) + (dryRun ? (resourceVersion == null ? "" : "&") + "dryRun=true" : "");
            result = api.delete(path + (q.isEmpty() ? "" : "?" + q));
        }
        for (JsonNode r : result.path("results")) out.println(ApplyCommand.resourceLabel(r) + " deleted" + (dryRun ? " (dry run)" : ""));
        return ExitCode.OK;
    }
}

package dev.galactic.controller.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galactic.controller.paths.PathService;
import dev.galactic.controller.render.ConfigService;
import dev.galactic.controller.sla.SlaService;
import dev.galactic.core.model.Condition;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.pce.PathResult;
import dev.galactic.core.status.Conditions;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Adds {@code status.conditions} to Nodes and Vpcs on their way out of the API, from what the controller knows now. */
public final class ConditionReporter {

    private final Supplier<Set<String>> connectedAgents;
    private final ConfigService configs;
    private final PathService paths;
    private final SlaService sla;

    public ConditionReporter(Supplier<Set<String>> connectedAgents, ConfigService configs, PathService paths, SlaService sla) {
        this.connectedAgents = connectedAgents;
        this.configs = configs;
        this.paths = paths;
        this.sla = sla;
    }

    public Resource decorate(Resource r) {
        long generation = r.metadata().generation() == null ? 0 : r.metadata().generation();
        List<Condition> conditions = switch (r.kind()) {
            case NODE -> Conditions.node(generation, connectedAgents.get().contains(r.name()), config(r.name()));
            case VPC -> {
                List<PathResult> mine = paths.results().stream().filter(p -> p.tenant().equals(r.tenant()) && p.vpc().equals(r.name())).toList();
                yield Conditions.vpc(generation, paths.computedGeneration(r.key()), mine, node -> {
                    Conditions.ConfigState c = config(node);
                    return c != null && c.inSync();
                }, sla::sla);
            }
            default -> null;
        };
        if (conditions == null) return r;
        ObjectNode s = r.status() instanceof ObjectNode o ? o.deepCopy() : ResourceCodec.json().createObjectNode();
        // written by hand: the codec spells enums in lower case, Kubernetes spells a condition's status True/False/Unknown
        var array = s.putArray("conditions");
        for (Condition c : conditions) {
            array.addObject().put("type", c.type()).put("status", c.status().text()).put("reason", c.reason()).put("message", c.message())
                    .put("observedGeneration", c.observedGeneration());
        }
        return r.withStatus(s);
    }

    private Conditions.ConfigState config(String node) {
        var desired = configs.desired(node).orElse(null);
        if (desired == null) return null;
        var applied = configs.applied(node).orElse(null);
        return new Conditions.ConfigState(desired.version(), desired.hash(), applied == null ? null : applied.version(),
                applied == null ? null : applied.hash(), applied == null ? null : applied.error());
    }
}

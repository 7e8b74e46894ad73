package dev.galactic.core.pce;

import dev.galactic.core.model.Kind;
import dev.galactic.core.model.Resource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code galactic pce --topology FILE --demands FILE [--link-states FILE] -o json}: computes
 * every demand's paths from files, with no controller. The CLI reads the files; this class is
 * pure (text or values in, deterministic JSON out). Formats are documented in docs/pce.md.
 */
public final class OfflinePce {

    /**
     * @param topology Node and Link resources (core and edge)
     * @param demands Vpc, Attachment and TrafficClass resources (tenant-scoped)
     * @param linkStates measured states per directed link; may be empty (inventory facts are used)
     */
    public record Inputs(List<Resource> topology, List<Resource> demands, List<LinkReading> linkStates) {
        public Inputs {
            topology = List.copyOf(topology);
            demands = List.copyOf(demands);
            linkStates = linkStates == null ? List.of() : List.copyOf(linkStates);
        }

        /** From file contents (YAML or JSON); {@code linkStates} may be null. */
        public static Inputs parse(String topology, String demands, String linkStates) {
            return new Inputs(PceFiles.resources(topology), PceFiles.resources(demands),
                    linkStates == null ? List.of() : PceFiles.linkStates(linkStates));
        }
    }

    /** @param summary counts by status */
    public record Output(String apiVersion, String kind, Summary summary, List<PathResult> results) {}

    public record Summary(int demands, int ok, int fallback, int violation, int withBackup) {}

    private OfflinePce() {}

    public static Output compute(Inputs in) {
        Network g = Network.build(in.topology(), in.topology(), in.linkStates(), Freshness.IGNORE);
        List<Resource> vpcs = in.demands().stream().filter(r -> r.kind() == Kind.VPC)
                .sorted(Comparator.comparing(Resource::tenant, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Resource::name)).toList();
        List<TenantIntent> intents = new ArrayList<>();
        for (Resource vpc : vpcs) {
            if (vpc.tenant() == null) throw new IllegalArgumentException("Vpc " + vpc.name() + " has no metadata.tenant");
            intents.add(TenantIntent.of(vpc, in.demands(), in.demands()));
        }
        List<PathResult> results = Pce.compute(g, intents).results();
        int ok = 0, fb = 0, bad = 0, backups = 0;
        for (PathResult r : results) {
            switch (r.status()) {
                case OK -> ok++;
                case FALLBACK -> fb++;
                case VIOLATION -> bad++;
            }
            if (r.backup() != null) backups++;
        }
        return new Output(Resource.API_VERSION, "PathComputation", new Summary(results.size(), ok, fb, bad, backups), results);
    }

    /** The whole command: inputs to deterministic JSON (byte-identical for the same inputs). */
    public static String run(Inputs in) {
        return PceJson.write(compute(in));
    }
}

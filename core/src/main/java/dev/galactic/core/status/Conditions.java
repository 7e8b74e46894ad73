package dev.galactic.core.status;

import dev.galactic.core.model.Condition;
import dev.galactic.core.pce.PathResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/** The conditions of Nodes and Vpcs, as functions of what the controller knows; no I/O. */
public final class Conditions {

    public static final String AGENT_CONNECTED = "AgentConnected";
    public static final String CONFIG_APPLIED = "ConfigApplied";
    public static final String PATHS_COMPUTED = "PathsComputed";
    public static final String PROGRAMMED = "Programmed";
    public static final String SLA_MET = "SlaMet";

    private Conditions() {
    }

    /**
     * A node's config as the controller rendered it and as its agent last reported it.
     *
     * @param appliedVersion null when the agent never reported
     * @param error why the agent could not apply its last config (it keeps the one before)
     */
    public record ConfigState(long desiredVersion, String desiredHash, Long appliedVersion, String appliedHash, String error) {

        /** Whether the node runs exactly what the controller wants it to. */
        public boolean inSync() {
            return appliedVersion != null && error == null && desiredHash.equals(appliedHash);
        }
    }

    /**
     * How one demand stands against its class, as the SLA monitor last judged it.
     *
     * @param measured false until every link of its path has figures
     * @param violation the open violation's summary; null when the class is met
     */
    public record Sla(boolean measured, String violation) {
        public static final Sla UNMEASURED = new Sla(false, null);
        public static final Sla MET = new Sla(true, null);

        public static Sla violated(String summary) {
            return new Sla(true, summary);
        }
    }

    /**
     * @param config null when the controller has rendered nothing for the node
     */
    public static List<Condition> node(long generation, boolean agentConnected, ConfigState config) {
        Condition agent = agentConnected
                ? Condition.holds(AGENT_CONNECTED, "Connected", "its agent is connected", generation)
                : Condition.fails(AGENT_CONNECTED, "Disconnected", "no agent is connected for this node", generation);
        Condition applied;
        if (config == null) {
            applied = Condition.unknown(CONFIG_APPLIED, "NotRendered", "no config is rendered for this node yet", generation);
        } else if (config.inSync()) {
            applied = Condition.holds(CONFIG_APPLIED, "InSync", "runs config v" + config.appliedVersion(), generation);
        } else if (config.error() != null) {
            applied = Condition.fails(CONFIG_APPLIED, "ApplyFailed", "could not apply config v" + config.appliedVersion() + ": " + config.error(), generation);
        } else {
            applied = Condition.fails(CONFIG_APPLIED, "Pending", (config.appliedVersion() == null ? "has reported no config" : "runs v" + config.appliedVersion())
                    + ", the controller wants v" + config.desiredVersion(), generation);
        }
        return List.of(agent, applied);
    }

    /**
     * @param computedGeneration the VPC's generation the paths were computed for; null when not computed yet
     * @param results the VPC's current results (every class and ordered site pair)
     * @param inSync whether a node runs its current config
     * @param sla how a result stands against its class
     */
    public static List<Condition> vpc(long generation, Long computedGeneration, List<PathResult> results, Predicate<String> inSync,
                                      Function<PathResult, Sla> sla) {
        if (computedGeneration == null || computedGeneration != generation) {
            String waiting = "paths are being computed for generation " + generation;
            return List.of(Condition.unknown(PATHS_COMPUTED, "Computing", waiting, computedGeneration == null ? 0 : computedGeneration),
                    Condition.unknown(PROGRAMMED, "Computing", waiting, computedGeneration == null ? 0 : computedGeneration),
                    Condition.unknown(SLA_MET, "Computing", waiting, computedGeneration == null ? 0 : computedGeneration));
        }
        List<String> unserved = new ArrayList<>(), relaxed = new ArrayList<>();
        Set<String> nodes = new TreeSet<>();
        for (PathResult r : results) {
            if (r.primary() == null) unserved.add(pair(r));
            else {
                nodes.addAll(r.primary().nodes());
                if (r.status() != PathResult.Status.OK) relaxed.add(pair(r) + " on " + r.servedBy());
            }
        }
        Condition computed;
        if (results.isEmpty()) {
            computed = Condition.holds(PATHS_COMPUTED, "NoDemands", "the VPC has fewer than two sites: no path to compute", generation);
        } else if (!unserved.isEmpty()) {
            computed = Condition.fails(PATHS_COMPUTED, "NoPath", unserved.size() + " of " + results.size() + " demands have no path: "
                    + String.join(", ", first(unserved)), generation);
        } else if (!relaxed.isEmpty()) {
            computed = Condition.holds(PATHS_COMPUTED, "Fallback", relaxed.size() + " of " + results.size()
                    + " demands are carried outside their class: " + String.join(", ", first(relaxed)), generation);
        } else {
            computed = Condition.holds(PATHS_COMPUTED, "Computed", results.size() + " demands, each on a path of its class", generation);
        }
        List<String> behind = nodes.stream().filter(inSync.negate()).toList();
        Condition programmed = behind.isEmpty()
                ? Condition.holds(PROGRAMMED, "InSync", nodes.isEmpty() ? "no node carries a path" : "every node on its paths runs them ("
                + nodes.size() + " nodes)", generation)
                : Condition.fails(PROGRAMMED, "NodesBehind", "not yet running their config: " + String.join(", ", first(behind)), generation);
        List<String> violated = new ArrayList<>(), unmeasured = new ArrayList<>();
        for (PathResult r : results) {
            Sla s = sla.apply(r);
            if (s.violation() != null) violated.add(pair(r) + ": " + s.violation());
            else if (!s.measured()) unmeasured.add(pair(r));
        }
        Condition met;
        if (!violated.isEmpty()) {
            met = Condition.fails(SLA_MET, "Violated", violated.size() + " open SLA violations: " + String.join("; ", first(violated)), generation);
        } else if (!unmeasured.isEmpty()) {
            met = Condition.unknown(SLA_MET, "NotMeasured", unmeasured.size() + " of " + results.size()
                    + " demands are not measured yet: " + String.join(", ", first(unmeasured)), generation);
        } else {
            met = Condition.holds(SLA_MET, "Met", "every demand meets its class", generation);
        }
        return List.of(computed, programmed, met);
    }

    private static String pair(PathResult r) {
        return r.trafficClass() + " " + r.from() + " → " + r.to();
    }

    /** A message names a few, not hundreds. */
    private static List<String> first(List<String> all) {
        return all.size() <= 3 ? all : List.of(all.get(0), all.get(1), all.get(2), "and " + (all.size() - 3) + " more");
    }
}

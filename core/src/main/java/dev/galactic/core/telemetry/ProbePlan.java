package dev.galactic.core.telemetry;

import java.util.Map;
import java.util.TreeMap;

/** The probe plan of the whole backbone: one {@link NodeProbePlan} per node, and the iperf3 schedule. */
public record ProbePlan(Map<String, NodeProbePlan> nodes, IperfSchedule iperf) {

    public ProbePlan {
        nodes = java.util.Collections.unmodifiableMap(new TreeMap<>(nodes));
    }

    public NodeProbePlan forNode(String node) {
        NodeProbePlan p = nodes.get(node);
        return p != null ? p : new NodeProbePlan(node, java.util.List.of(), java.util.List.of(), iperf.period());
    }
}

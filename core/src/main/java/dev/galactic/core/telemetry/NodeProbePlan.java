package dev.galactic.core.telemetry;

import java.util.List;

/** What one agent runs: its targets, and its own iperf3 runs (as client) from the schedule. */
public record NodeProbePlan(String node, List<ProbeTarget> targets, List<IperfSchedule.Run> iperfRuns,
                            java.time.Duration iperfPeriod) {

    public NodeProbePlan {
        targets = List.copyOf(targets);
        iperfRuns = List.copyOf(iperfRuns);
    }

    /** The directed links this agent measures; the tracker should {@code expect} them. */
    public List<LinkId> links() {
        return targets.stream().map(t -> LinkId.of(node, t.node())).distinct().toList();
    }
}

package dev.galactic.core.telemetry;

import java.time.Duration;
import java.util.List;

/**
 * One thing an agent probes: a node, how, how often. IPERF targets carry no interval of their
 * own; their times are in the plan's {@link IperfSchedule}.
 *
 * @param addresses the target's underlay addresses, in the order the node declares them
 */
public record ProbeTarget(String node, List<String> addresses, ProbeType type, Duration interval,
                          ProbeRelation relation) {

    public ProbeTarget {
        addresses = List.copyOf(addresses);
    }
}

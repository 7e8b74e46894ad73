package dev.galactic.core.telemetry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * What to probe how often.
 *
 * @param intervals per round-trip probe type; IPERF's entry is the period of the bandwidth
 *                  schedule (each link gets one run per period, or less often if runs do not fit)
 * @param types probe types per relation
 * @param iperfRun how long one iperf3 run lasts ({@code -t})
 * @param iperfGuard idle time after each run, for start-up and clock skew between agents
 */
public record ProbePolicy(Map<ProbeType, Duration> intervals, Map<ProbeRelation, Set<ProbeType>> types,
                          Duration iperfRun, Duration iperfGuard, IperfExclusivity iperfExclusivity) {

    public static final ProbePolicy DEFAULTS = new ProbePolicy(
            Map.of(ProbeType.UDP, Duration.ofMillis(100), ProbeType.ICMP, Duration.ofSeconds(1),
                    ProbeType.TCP, Duration.ofSeconds(5), ProbeType.HTTP, Duration.ofSeconds(5),
                    ProbeType.IPERF, Duration.ofMinutes(30)),
            Map.of(ProbeRelation.CORE_MESH, Set.of(ProbeType.values()),
                    ProbeRelation.EDGE_UPLINK, Set.of(ProbeType.values()),
                    ProbeRelation.EDGE_PEER, Set.of(ProbeType.UDP, ProbeType.ICMP, ProbeType.TCP)),
            Duration.ofSeconds(10), Duration.ofSeconds(5), IperfExclusivity.NODE);

    public ProbePolicy {
        intervals = Map.copyOf(new EnumMap<>(intervals));
        types = Map.copyOf(types);
        for (var e : types.entrySet()) {
            for (ProbeType t : e.getValue()) {
                Duration d = intervals.get(t);
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException(e.getKey() + " uses " + t + " without a positive interval");
                }
            }
        }
        if (iperfRun.isNegative() || iperfRun.isZero() || iperfGuard.isNegative()) {
            throw new IllegalArgumentException("iperf run must be positive and guard not negative");
        }
    }

    public Set<ProbeType> typesFor(ProbeRelation r) { return types.getOrDefault(r, Set.of()); }
}

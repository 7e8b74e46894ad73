package dev.galactic.core.telemetry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The spec's edge bootstrap: an edge is handed candidate POPs (cores near its geolocated WAN
 * address), probes them with ICMP, and keeps the best few as its upstream cores. Candidates with
 * too few answers or too much loss are excluded; the rest rank by median RTT, then loss, then
 * name, so the choice is deterministic.
 */
public final class UplinkSelector {

    private UplinkSelector() {
    }

    /**
     * @param minReplies answers needed before a candidate's RTT is believed
     * @param maxLossPercent candidates losing more are not used at all
     */
    public record Criteria(int count, long minReplies, double maxLossPercent) {

        /** Three upstream POPs, as the spec has it. */
        public static final Criteria DEFAULTS = new Criteria(3, 10, 5.0);
    }

    public record Excluded(String core, String reason) {
    }

    /** @param chosen best first */
    public record Choice(List<String> chosen, List<Excluded> excluded) {
    }

    /** @param probes the edge's ICMP window statistics per candidate core */
    public static Choice choose(Map<String, EchoStats> probes, Criteria criteria) {
        List<Map.Entry<String, EchoStats>> usable = new ArrayList<>();
        List<Excluded> excluded = new ArrayList<>();
        probes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            EchoStats s = e.getValue();
            if (s == null || s.replies() < criteria.minReplies() || s.rtt() == null) {
                excluded.add(new Excluded(e.getKey(), (s == null ? 0 : s.replies()) + " replies, "
                        + criteria.minReplies() + " needed"));
            } else if (s.lossPercent() > criteria.maxLossPercent()) {
                excluded.add(new Excluded(e.getKey(), String.format(java.util.Locale.ROOT, "loss %.1f%% > %.1f%%",
                        s.lossPercent(), criteria.maxLossPercent())));
            } else {
                usable.add(e);
            }
        });
        List<String> chosen = usable.stream()
                .sorted(Comparator.<Map.Entry<String, EchoStats>>comparingLong(e -> e.getValue().rtt().p50Nanos())
                        .thenComparingDouble(e -> e.getValue().lossPercent())
                        .thenComparing(Map.Entry::getKey))
                .limit(criteria.count()).map(Map.Entry::getKey).toList();
        return new Choice(chosen, excluded);
    }
}

package dev.galactic.core.telemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * When each link's iperf3 run happens, as offsets into a repeating period, so that conflicting
 * runs (see {@link IperfExclusivity}) never overlap. Agents run at
 * {@code epoch-time mod period == offset}, which needs their clocks within the guard of each other.
 *
 * <p>Runs are placed greedily in slots of run + guard: each link, in link order, takes the
 * first slot holding no conflicting run. This is greedy edge colouring: at most 2D - 1 slots,
 * D being the most runs that touch one node, where at least D are needed (under NODE
 * exclusivity a directed full mesh of n cores has D = 2(n - 1)). When the slots do not fit in
 * the requested period the period grows to hold them.
 *
 * @param period the repeat interval actually used
 */
public record IperfSchedule(Duration period, List<Run> runs) {

    public IperfSchedule {
        runs = List.copyOf(runs);
    }

    /** The client of {@code link} (its {@code from} node) runs iperf3 against {@code to}. */
    public record Run(LinkId link, Duration offset, Duration duration) {

        public long startNanos() { return offset.toNanos(); }

        public long endNanos() { return offset.toNanos() + duration.toNanos(); }
    }

    public static IperfSchedule plan(Collection<LinkId> links, Duration run, Duration guard, Duration period,
                                     IperfExclusivity exclusivity) {
        List<LinkId> ordered = links.stream().distinct().sorted().toList();
        List<List<LinkId>> slots = new ArrayList<>();
        List<Run> runs = new ArrayList<>(ordered.size());
        Duration slotLength = run.plus(guard);
        for (LinkId link : ordered) {
            int slot = 0;
            while (slot < slots.size() && slots.get(slot).stream().anyMatch(other -> conflict(link, other, exclusivity))) {
                slot++;
            }
            if (slot == slots.size()) {
                slots.add(new ArrayList<>());
            }
            slots.get(slot).add(link);
            runs.add(new Run(link, slotLength.multipliedBy(slot), run));
        }
        Duration needed = slotLength.multipliedBy(slots.size());
        return new IperfSchedule(needed.compareTo(period) > 0 ? needed : period, runs);
    }

    static boolean conflict(LinkId a, LinkId b, IperfExclusivity exclusivity) {
        boolean sameLink = a.equals(b) || a.equals(b.reversed());
        return switch (exclusivity) {
            case LINK -> sameLink;
            case NODE -> sameLink || a.from().equals(b.from()) || a.from().equals(b.to())
                    || a.to().equals(b.from()) || a.to().equals(b.to());
        };
    }

    public List<Run> runsOf(String node) {
        return runs.stream().filter(r -> r.link().from().equals(node)).toList();
    }
}

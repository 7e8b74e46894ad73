package dev.galactic.core.sid;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Hands out small integer ids (node ids for locators, tenant ids for decapsulation SIDs) so
 * that an id never changes while its owner exists, and a released id is reused only when no
 * never-used id is left — a stale route somewhere then cannot reach a newcomer by accident.
 * Pure: the caller persists the result.
 */
public final class SidAllocator {

    /**
     * An id and who holds it.
     *
     * @param released the owner no longer exists; the id is remembered so the owner gets it back
     *                 if it returns, and it is reused last
     * @param releasedOrder increases with each release, so the longest-released id is reused first
     */
    public record Allocation(String name, int id, boolean released, long releasedOrder) {
    }

    private SidAllocator() {
    }

    /**
     * The allocations after bringing {@code previous} in line with the names that exist now.
     *
     * @param maxId the largest id available (ids start at 1)
     * @throws IllegalStateException when there are more names than ids
     */
    public static List<Allocation> allocate(List<Allocation> previous, Set<String> live, int maxId) {
        long order = previous.stream().mapToLong(Allocation::releasedOrder).max().orElse(0);
        Set<Integer> everUsed = new HashSet<>();
        Map<String, Allocation> byName = new TreeMap<>();
        // release the departed (in name order, so the result does not depend on input order);
        // a returning owner gets its old id back
        for (Allocation a : previous.stream().sorted(Comparator.comparing(Allocation::name)).toList()) {
            everUsed.add(a.id());
            boolean alive = live.contains(a.name());
            if (!alive && !a.released()) a = new Allocation(a.name(), a.id(), true, ++order);
            else if (alive && a.released()) a = new Allocation(a.name(), a.id(), false, 0);
            byName.put(a.name(), a);
        }
        int next = 1;
        for (String name : new TreeSet<>(live)) {
            if (byName.containsKey(name)) continue;
            while (next <= maxId && everUsed.contains(next)) next++;
            int id;
            if (next <= maxId) {
                id = next++;
            } else {
                // no fresh id left: reuse the one released longest ago
                Allocation oldest = byName.values().stream().filter(Allocation::released)
                        .min(Comparator.comparingLong(Allocation::releasedOrder))
                        .orElseThrow(() -> new IllegalStateException("no ids left: " + live.size() + " owners for " + maxId + " ids"));
                byName.remove(oldest.name());
                id = oldest.id();
            }
            everUsed.add(id);
            byName.put(name, new Allocation(name, id, false, 0));
        }
        return List.copyOf(byName.values());
    }
}

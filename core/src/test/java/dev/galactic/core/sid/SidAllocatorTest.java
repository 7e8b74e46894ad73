package dev.galactic.core.sid;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SidAllocatorTest {

    static Map<String, Integer> live(List<SidAllocator.Allocation> as) {
        return as.stream().filter(a -> !a.released()).collect(Collectors.toMap(SidAllocator.Allocation::name, SidAllocator.Allocation::id));
    }

    @Test
    void idsAreStableAcrossAdditionsAndRemovals() {
        var a = SidAllocator.allocate(List.of(), Set.of("fra", "ams", "lon"), 100);
        assertThat(live(a)).containsExactlyInAnyOrderEntriesOf(Map.of("ams", 1, "fra", 2, "lon", 3));
        var b = SidAllocator.allocate(a, Set.of("fra", "lon", "aaa"), 100);
        // ams left; the newcomer does not get its id, even though it sorts first
        assertThat(live(b)).containsExactlyInAnyOrderEntriesOf(Map.of("fra", 2, "lon", 3, "aaa", 4));
        var c = SidAllocator.allocate(b, Set.of("fra", "lon", "aaa", "ams"), 100);
        assertThat(live(c)).containsEntry("ams", 1);
    }

    @Test
    void releasedIdsAreReusedOnlyWhenNothingFreshIsLeft() {
        var a = SidAllocator.allocate(List.of(), Set.of("a", "b", "c"), 3);
        var b = SidAllocator.allocate(a, Set.of("a", "c"), 3);
        var c = SidAllocator.allocate(b, Set.of("a", "c", "d"), 3);
        assertThat(live(c)).containsEntry("d", 2);
        assertThatThrownBy(() -> SidAllocator.allocate(c, Set.of("a", "c", "d", "e"), 3)).hasMessageContaining("no ids left");
    }

    @Property(tries = 200)
    void liveIdsAreUniqueAndNeverMove(@ForAll @Size(max = 12) List<@Size(max = 20) Set<@IntRange(max = 30) Integer>> rounds) {
        List<SidAllocator.Allocation> state = List.of();
        Map<String, Integer> seen = new HashMap<>();
        for (Set<Integer> round : rounds) {
            Set<String> names = round.stream().map(i -> "n" + i).collect(Collectors.toSet());
            Map<String, Integer> before = live(state);
            state = SidAllocator.allocate(state, names, 64);
            Map<String, Integer> after = live(state);
            assertThat(after.keySet()).isEqualTo(names);
            assertThat(new HashSet<>(after.values())).hasSameSizeAs(after.values());
            before.forEach((n, id) -> { if (names.contains(n)) assertThat(after.get(n)).isEqualTo(id); });
            // an owner that comes back gets its old id, since 64 ids never run out here
            after.forEach((n, id) -> { if (seen.containsKey(n)) assertThat(id).isEqualTo(seen.get(n)); seen.put(n, id); });
        }
    }
}

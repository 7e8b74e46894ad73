package dev.galactic.core.image;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SortedPMapTest {

    /** A put (value >= 0) or a remove (value < 0) of a key. */
    record Op(int key, int value) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Arbitraries.integers().between(0, 60).flatMap(k -> Arbitraries.integers().between(-3, 9).map(v -> new Op(k, v)))
                .list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void behavesLikeATreeMapAndLeavesEveryEarlierVersionAsItWas(@ForAll("ops") List<Op> ops) {
        TreeMap<Integer, Integer> oracle = new TreeMap<>();
        SortedPMap<Integer, Integer> m = SortedPMap.empty();
        List<SortedPMap<Integer, Integer>> versions = new ArrayList<>();
        List<Map<Integer, Integer>> expected = new ArrayList<>();
        for (Op op : ops) {
            if (op.value() < 0) {
                oracle.remove(op.key());
                m = m.remove(op.key());
            } else {
                oracle.put(op.key(), op.value());
                m = m.put(op.key(), op.value());
            }
            versions.add(m);
            expected.add(new TreeMap<>(oracle));
        }
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(expected.get(i), toMap(versions.get(i)));
            assertEquals(expected.get(i).size(), versions.get(i).size());
            // AVL: height at most 1.44 log2(n + 2)
            assertTrue(versions.get(i).height() <= 1.45 * (Math.log(versions.get(i).size() + 2) / Math.log(2)) + 1);
        }
        for (int k = 0; k <= 60; k++) assertEquals(oracle.get(k), m.get(k));
    }

    @Property(tries = 200)
    void aRangeIsTheOraclesSubMap(@ForAll("ops") List<Op> ops, @ForAll @IntRange(min = -1, max = 61) int from, @ForAll @IntRange(min = -1, max = 61) int to) {
        TreeMap<Integer, Integer> oracle = new TreeMap<>();
        SortedPMap<Integer, Integer> m = SortedPMap.empty();
        for (Op op : ops) {
            if (op.value() >= 0) {
                oracle.put(op.key(), op.value());
                m = m.put(op.key(), op.value());
            }
        }
        Map<Integer, Integer> got = new TreeMap<>();
        for (var e : m.range(k -> k >= from, k -> k < to)) got.put(e.getKey(), e.getValue());
        assertEquals(from < to ? oracle.subMap(from, to) : Map.of(), got);
    }

    @Test
    void anUnchangedMapIsTheSameMapAndAChangeSharesWhatItDidNotTouch() {
        SortedPMap<Integer, String> m = SortedPMap.empty();
        for (int i = 0; i < 1000; i++) m = m.put(i, "v" + i);
        assertSame(m, m.remove(5000));
        String same = m.get(10);
        assertSame(m, m.put(10, same));
        SortedPMap<Integer, String> changed = m.put(500, "new");
        assertEquals("v500", m.get(500));
        assertEquals("new", changed.get(500));
        assertNull(changed.get(5000));
        assertEquals(m.size(), changed.size());
    }

    private static Map<Integer, Integer> toMap(SortedPMap<Integer, Integer> m) {
        Map<Integer, Integer> out = new TreeMap<>();
        Integer last = null;
        for (var e : m) {
            assertTrue(last == null || last < e.getKey(), "in key order");
            last = e.getKey();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }
    /** The map view agrees with a TreeMap of the same entries, lookups and order alike, and copies nothing. */
    @Property(tries = 100)
    void theMapViewIsTheMap(@ForAll("ops") List<Op> ops) {
        TreeMap<Integer, Integer> model = new TreeMap<>();
        for (Op op : ops) {
            if (op.value() < 0) model.remove(op.key());
            else model.put(op.key(), op.value());
        }
        SortedPMap<Integer, Integer> m = SortedPMap.of(model);
        Map<Integer, Integer> view = m.asMap();
        assertEquals(model, view);
        assertEquals(List.copyOf(model.keySet()), List.copyOf(view.keySet()));
        for (int k = -5; k < 60; k++) assertEquals(model.get(k), view.get(k));
        assertNull(view.get("not a key"));
        assertEquals(model.size(), view.size());
    }
}

package dev.galactic.core.telemetry;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SequenceTrackerTest {

    @Property(tries = 300)
    void countsMatchASetBasedOracle(@ForAll @IntRange(min = 1, max = 3_000) int sent,
                                    @ForAll @IntRange(min = 0, max = 50) int dropPercent,
                                    @ForAll @IntRange(min = 0, max = 20) int dupPercent,
                                    @ForAll @IntRange(min = 0, max = 30) int maxDisplacement,
                                    @ForAll long seed) {
        Random rnd = new Random(seed);
        long base = rnd.nextInt(1_000_000);
        List<Long> arrivals = new ArrayList<>();
        for (long s = base; s < base + sent; s++) {
            if (rnd.nextInt(100) >= dropPercent) arrivals.add(s);
            if (rnd.nextInt(100) < dupPercent) arrivals.add(s);
        }
        // local reordering: swap with a near neighbour, as a network does
        for (int i = 0; i < arrivals.size() && maxDisplacement > 0; i++) {
            int j = Math.min(arrivals.size() - 1, i + rnd.nextInt(maxDisplacement + 1));
            java.util.Collections.swap(arrivals, i, j);
        }
        SequenceTracker t = new SequenceTracker();
        arrivals.forEach(t::receive);

        Set<Long> distinct = new HashSet<>();
        long duplicates = 0, reordered = 0, highest = Long.MIN_VALUE;
        for (long s : arrivals) {
            if (!distinct.add(s)) { duplicates++; continue; }
            if (s < highest) reordered++;
            highest = Math.max(highest, s);
        }
        long expected = arrivals.isEmpty() ? 0 : highest - distinct.stream().min(Long::compare).orElseThrow() + 1;
        assertThat(t.received()).isEqualTo(distinct.size());
        assertThat(t.duplicates()).isEqualTo(duplicates);
        assertThat(t.reordered()).isEqualTo(reordered);
        assertThat(t.expected()).isEqualTo(expected);
        assertThat(t.lost()).isEqualTo(expected - distinct.size());
    }

    @Test
    void lossFractionFromGaps() {
        SequenceTracker t = new SequenceTracker();
        for (long s : new long[]{10, 11, 13, 14, 19}) t.receive(s);
        assertThat(t.expected()).isEqualTo(10);
        assertThat(t.lost()).isEqualTo(5);
        assertThat(t.lossFraction()).isEqualTo(0.5);
        assertThat(t.reordered()).isZero();
    }
}

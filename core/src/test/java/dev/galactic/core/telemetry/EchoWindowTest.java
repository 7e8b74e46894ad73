package dev.galactic.core.telemetry;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EchoWindowTest {

    static final LinkId LINK = LinkId.of("core1", "core2");
    static final long SECOND = 1_000_000_000L;
    static final long T0 = 1_764_000_000L * SECOND;

    /** Naive oracle: nearest-rank percentile of a sorted copy. */
    static long nearestRank(long[] values, double q) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.max(1, Math.ceil(q * sorted.length));
        return sorted[rank - 1];
    }

    @Provide
    Arbitrary<List<Long>> rttsMicros() {
        // mixes a tight cluster, a long tail and sub-bucket values, as real links do
        Arbitrary<Long> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(1_000, 3_000)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 64)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(3_000, 59_000_000)));
        return value.list().ofMinSize(1).ofMaxSize(2_000);
    }

    @Property(tries = 200)
    void percentilesStayWithinTheDocumentedBoundOfTheExactOnes(@ForAll("rttsMicros") List<Long> micros,
                                                               @ForAll @IntRange(min = 3, max = 7) int precision) {
        WindowConfig cfg = new WindowConfig(60 * SECOND, 6, precision, 5 * SECOND);
        EchoWindow w = new EchoWindow(cfg);
        long[] nanos = new long[micros.size()];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = micros.get(i) * 1_000 + 999; // sub-microsecond part is dropped by the window
            w.record(Sample.Echo.reply(LINK, ProbeType.UDP, i, T0 + i * 1_000_000L, nanos[i]));
        }
        EchoStats st = w.stats(T0 + nanos.length * 1_000_000L);
        assertThat(st.replies()).isEqualTo(nanos.length);
        double rel = cfg.relativeError();
        for (double q : new double[]{0.5, 0.95, 0.99}) {
            long exact = nearestRank(nanos, q);
            long reported = switch ((int) (q * 100)) {
                case 50 -> st.rtt().p50Nanos();
                case 95 -> st.rtt().p95Nanos();
                default -> st.rtt().p99Nanos();
            };
            assertThat((double) Math.abs(reported - exact))
                    .as("q=%s exact=%d reported=%d", q, exact, reported)
                    .isLessThanOrEqualTo(exact * rel + 1_000);
        }
        assertThat(st.rtt().minNanos()).isEqualTo(Arrays.stream(nanos).min().orElseThrow() / 1000 * 1000);
        assertThat(st.rtt().maxNanos()).isEqualTo(Arrays.stream(nanos).max().orElseThrow() / 1000 * 1000);
    }

    @Property(tries = 100)
    void windowForgetsSlotsOlderThanTheWindow(@ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 180) Integer> secondsAfterT0,
                                               @ForAll @IntRange(min = 0, max = 200) int querySecond) {
        WindowConfig cfg = new WindowConfig(60 * SECOND, 6, 5, 5 * SECOND);
        EchoWindow w = new EchoWindow(cfg);
        List<Integer> sorted = new ArrayList<>(secondsAfterT0);
        sorted.sort(null); // in time order, as an agent reports them
        long seq = 0;
        for (int s : sorted) {
            w.record(Sample.Echo.reply(LINK, ProbeType.UDP, seq++, T0 + s * SECOND, (s + 1) * 1_000_000L));
        }
        long now = T0 + querySecond * SECOND;
        // oracle: the ring keeps, per slot position, only the newest 10 s slot that reached it;
        // a query counts kept slots among the 6 that end with the slot holding now
        long nowSlot = Math.floorDiv(now, cfg.slotNanos());
        java.util.Map<Long, Long> newestPerPosition = new java.util.HashMap<>();
        for (int s : sorted) {
            long slot = Math.floorDiv(T0 + s * SECOND, cfg.slotNanos());
            newestPerPosition.merge(Math.floorMod(slot, 6L), slot, Math::max);
        }
        long expected = sorted.stream()
                .map(s -> Math.floorDiv(T0 + s * SECOND, cfg.slotNanos()))
                .filter(slot -> newestPerPosition.get(Math.floorMod(slot, 6L)).equals(slot))
                .filter(slot -> slot <= nowSlot && slot > nowSlot - 6)
                .count();
        assertThat(w.stats(now).replies()).isEqualTo(expected);
    }

    @Test
    void lossAndReorderingAreCountedInTheWindow() {
        EchoWindow w = new EchoWindow(WindowConfig.DEFAULTS);
        long[] seqs = {0, 1, 3, 2, 4, 6, 5};
        for (long s : seqs) {
            w.record(Sample.Echo.reply(LINK, ProbeType.UDP, s, T0 + s * 100_000_000L, 1_000_000));
        }
        for (long s = 7; s < 10; s++) {
            w.record(Sample.Echo.lost(LINK, ProbeType.UDP, s, T0 + s * 100_000_000L));
        }
        EchoStats st = w.stats(T0 + SECOND);
        assertThat(st.replies()).isEqualTo(7);
        assertThat(st.lost()).isEqualTo(3);
        assertThat(st.lossPercent()).isEqualTo(30.0);
        assertThat(st.reordered()).isEqualTo(2);
        assertThat(st.lastReplyAt()).isEqualTo(T0 + 6 * 100_000_000L);
        assertThat(st.lastSampleAt()).isEqualTo(T0 + 9 * 100_000_000L);
    }

    @Test
    void memoryPerSeriesIsFixedByTheConfig() {
        // 6 slots x (26 - 5 + 1) * 32 buckets x 4 bytes
        assertThat(WindowConfig.DEFAULTS.histogramBytesPerSeries()).isEqualTo(6L * 22 * 32 * 4);
        assertThat(WindowConfig.DEFAULTS.relativeError()).isEqualTo(1.0 / 64);
    }
}

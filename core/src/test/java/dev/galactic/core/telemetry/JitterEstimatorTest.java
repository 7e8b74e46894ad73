package dev.galactic.core.telemetry;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class JitterEstimatorTest {

    /** RFC 3550 6.4.1 written out directly: D(i-1,i) = (Rj - Ri) - (Sj - Si), J += (|D| - J)/16. */
    static double rfc3550(List<long[]> sendReceive) {
        double j = 0;
        for (int i = 1; i < sendReceive.size(); i++) {
            long[] prev = sendReceive.get(i - 1), cur = sendReceive.get(i);
            double d = (cur[1] - prev[1]) - (cur[0] - prev[0]);
            j = j + (Math.abs(d) - j) / 16;
        }
        return j;
    }

    @Property
    void matchesTheRfcFormula(@ForAll @Size(min = 1, max = 500) List<@LongRange(min = 0, max = 50_000_000) Long> transits,
                              @ForAll @LongRange(min = 1_000_000, max = 200_000_000) long interval) {
        JitterEstimator est = new JitterEstimator();
        List<long[]> packets = new java.util.ArrayList<>();
        for (int i = 0; i < transits.size(); i++) {
            long send = i * interval;
            long receive = send + transits.get(i);
            packets.add(new long[]{send, receive});
            est.update(send, receive);
        }
        assertThat(est.jitterNanos()).isCloseTo(rfc3550(packets), within(1e-6));
    }

    @Test
    void constantTransitHasNoJitterAndAlternatingConvergesToTheStep() {
        JitterEstimator est = new JitterEstimator();
        for (int i = 0; i < 100; i++) est.update(5_000_000);
        assertThat(est.jitterNanos()).isZero();
        for (int i = 0; i < 400; i++) est.update(i % 2 == 0 ? 5_000_000 : 7_000_000);
        assertThat(est.jitterNanos()).isCloseTo(2_000_000, within(1.0));
    }
}

package dev.galactic.core.pce;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FecModelTest {

    @Property(tries = 200)
    void duplicationResidualIsPSquared(@ForAll @DoubleRange(min = 0, max = 1) double p) {
        assertThat(FecModel.DUPLICATION.residualLoss(p)).isCloseTo(p * p, within(1e-12));
    }

    @Property(tries = 200)
    void erasureMatchesTheBinomialTail(@ForAll @IntRange(min = 1, max = 12) int k, @ForAll @IntRange(min = 1, max = 6) int extra,
                                       @ForAll @DoubleRange(min = 0, max = 0.5) double p) {
        int n = k + extra;
        // Independent closed form: 1 - P(at most n-k losses), with exact integer binomials.
        double recoverable = 0;
        for (int j = 0; j <= n - k; j++) recoverable += choose(n, j) * Math.pow(p, j) * Math.pow(1 - p, n - j);
        assertThat(new FecModel(k, n).residualLoss(p)).isCloseTo(1 - recoverable, within(1e-10));
    }

    @Test
    void knownValues() {
        // 4-of-5: block lost when 2 or more of 5 are lost; p = 0.1 -> 1 - 0.9^5 - 5*0.1*0.9^4 = 0.08146
        assertThat(new FecModel(4, 5).residualLoss(0.1)).isCloseTo(0.08146, within(1e-12));
        assertThat(new FecModel(4, 5).codeRate()).isEqualTo(0.8);
        assertThat(FecModel.DUPLICATION.codeRate()).isEqualTo(0.5);
        assertThat(new FecModel(10, 12).residualLoss(0)).isZero();
    }

    private static double choose(int n, int k) {
        long c = 1;
        for (int i = 1; i <= k; i++) c = c * (n - k + i) / i;
        return c;
    }
}

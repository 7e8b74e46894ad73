package dev.galactic.core.telemetry;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EwmaTest {

    /**
     * Oracle: update i (0-based) weighs its value by a_i = max(alpha, 1/(i+1)) and shrinks all
     * older weights by (1 - a_i); the first value keeps what is left. The mean is the weighted sum.
     */
    @Property
    void equalsTheExplicitlyWeightedMoments(@ForAll @Size(min = 1, max = 200) List<@DoubleRange(min = 0, max = 1000) Double> xs) {
        long tau = 10_000, dt = 1_000;
        double alpha = -Math.expm1(-(double) dt / tau);
        Ewma e = Ewma.EMPTY;
        for (int i = 0; i < xs.size(); i++) e = e.update(xs.get(i), i * dt, tau);
        int n = xs.size();
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = i == 0 ? 1 : Math.max(alpha, 1.0 / (i + 1));
            for (int j = i + 1; j < n; j++) w[i] *= 1 - Math.max(alpha, 1.0 / (j + 1));
        }
        double mean = 0;
        for (int i = 0; i < n; i++) mean += w[i] * xs.get(i);
        assertThat(e.mean()).isCloseTo(mean, within(1e-6 * (1 + Math.abs(mean))));
        assertThat(e.variance()).isGreaterThanOrEqualTo(0);
        if (n == 1) assertThat(e.variance()).isZero();
    }

    @Property
    void constantSeriesHasNoVariance(@ForAll @DoubleRange(min = -1e6, max = 1e6) double x) {
        Ewma e = Ewma.EMPTY;
        for (int i = 0; i < 50; i++) e = e.update(x, i * 1000L, 5000);
        assertThat(e.mean()).isCloseTo(x, within(1e-6 * (1 + Math.abs(x))));
        assertThat(e.variance()).isCloseTo(0, within(1e-6));
    }
}

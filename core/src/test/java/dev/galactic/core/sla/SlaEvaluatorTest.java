package dev.galactic.core.sla;

import dev.galactic.core.model.TrafficClassSpec.Thresholds;
import dev.galactic.core.pce.Breach;
import dev.galactic.core.pce.FailReason;
import dev.galactic.core.pce.PathMetrics;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;
import dev.galactic.core.telemetry.LinkStatus;
import dev.galactic.core.telemetry.ProbeType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SlaEvaluatorTest {

    static LinkState state(String from, String to, double latencyMs, double jitterMs, double lossPercent, Double mbps) {
        return new LinkState(LinkId.of(from, to), LinkStatus.UP, latencyMs, jitterMs, lossPercent, mbps, null, 100, 0,
                ProbeType.UDP);
    }

    final Map<LinkId, LinkState> states = new HashMap<>();
    final PathRef path = PathRef.of("edgeA", "core3", "core7", "edgeB");

    void put(LinkState s) { states.put(s.link(), s); }

    static dev.galactic.core.pce.PathResult result(List<String> nodes, Breach violation, String servedBy) {
        var path = nodes == null ? null : new dev.galactic.core.pce.Path(nodes, List.of(), nodes.subList(1, nodes.size()),
                PathMetrics.LOCAL, "test", null);
        return new dev.galactic.core.pce.PathResult("acme", "main", "voice", "s1", "s2",
                violation == null ? dev.galactic.core.pce.PathResult.Status.OK : dev.galactic.core.pce.PathResult.Status.VIOLATION,
                servedBy, path, null, violation);
    }

    static final dev.galactic.core.model.TrafficClassSpec VOICE = new dev.galactic.core.model.TrafficClassSpec(
            dev.galactic.core.model.TrafficClassSpec.Mode.LOWEST_LATENCY, new Thresholds(30.0, null, null, null), null, null, null);

    @Test
    void aComputedPathIsJudgedByItsClassOnceEveryLinkIsMeasured() {
        List<String> nodes = List.of("edgeA", "core3", "core7", "edgeB");
        put(state("edgeA", "core3", 2, 0, 0, null));
        put(state("core3", "core7", 40, 0, 0, null));
        // a link without figures yet: no verdict rather than a false one
        assertThat(SlaEvaluator.judge(result(nodes, null, "voice"), states::get, VOICE)).isNull();
        put(state("core7", "edgeB", 3, 0, 0, null));
        assertThat(SlaEvaluator.judge(result(nodes, null, "voice"), states::get, VOICE)).isInstanceOf(SlaResult.SlaViolation.class);
        assertThat(SlaEvaluator.judge(result(nodes, null, "voice"), states::get, null)).as("class gone").isNull();
        assertThat(SlaEvaluator.judge(result(List.of("edgeA"), null, "voice"), states::get, VOICE)).as("sites on one edge").isNull();
    }

    @Test
    void aDemandThePceCouldNotServeAsAskedIsAViolationMeasuredOnWhatCarriesIt() {
        put(state("edgeA", "core3", 2, 0, 0, null));
        put(state("core3", "edgeB", 5, 0, 0, null));
        var missed = new Breach(FailReason.LATENCY, LinkId.of("core3", "edgeB"), "no path within 1 ms");
        SlaResult relaxed = SlaEvaluator.judge(result(List.of("edgeA", "core3", "edgeB"), missed, "voice~relaxed"), states::get, VOICE);
        assertThat(relaxed).isInstanceOfSatisfying(SlaResult.SlaViolation.class, v -> {
            assertThat(v.metrics().latencyMs()).isEqualTo(7.0);
            assertThat(v.metrics().reachable()).isTrue();
            // the PCE's reason as it is; the link its prediction blamed is not a measured segment
            assertThat(v.breaches()).singleElement().isEqualTo(new Breach(FailReason.LATENCY, null, "no path within 1 ms (carried by voice~relaxed)"));
        });
        SlaResult dropped = SlaEvaluator.judge(result(null, missed, null), states::get, VOICE);
        assertThat(dropped).isInstanceOfSatisfying(SlaResult.SlaViolation.class, v -> {
            assertThat(v.metrics()).isEqualTo(PathMetrics.UNREACHABLE);
            assertThat(v.metrics().reachable()).isFalse();
            assertThat(v.path()).isEqualTo(PathRef.of("s1", "s2"));
            assertThat(v.breaches().getFirst().detail()).endsWith("(no route: nothing carries it)");
        });
    }

    @Test
    void compliantPathReportsComposedMetrics() {
        put(state("edgeA", "core3", 2, 0.3, 0, 900.0));
        put(state("core3", "core7", 20, 0.4, 0.5, 400.0));
        put(state("core7", "edgeB", 3, 0, 0.5, 800.0));
        SlaResult r = SlaEvaluator.evaluate(path, states::get, new Thresholds(50.0, 1.0, 2.0, 300.0));
        assertThat(r).isInstanceOf(SlaResult.Compliant.class);
        assertThat(r.metrics().latencyMs()).isEqualTo(25.0);
        assertThat(r.metrics().jitterMs()).isCloseTo(0.5, within(1e-12));
        assertThat(r.metrics().lossPercent()).isCloseTo(100 * (1 - 0.995 * 0.995), within(1e-12));
        assertThat(r.metrics().bandwidthMbps()).isEqualTo(400.0);
        // what probes cannot see: FEC (the residual loss is the raw loss) and admin cost
        assertThat(r.metrics().residualLossPercent()).isEqualTo(r.metrics().lossPercent());
        assertThat(r.metrics().usableBandwidthMbps()).isEqualTo(400.0);
        assertThat(r.metrics().cost()).isNaN();
        assertThat(r.metrics().hops()).isEqualTo(3);
    }

    @Test
    void hintsNameTheWorstSegmentInTheSpecsStyle() {
        put(state("edgeA", "core3", 2, 0.1, 0, 900.0));
        put(state("core3", "core7", 90, 0.1, 4.8, 50.0));
        put(state("core7", "edgeB", 30, 0.1, 0.1, 800.0));
        SlaResult r = SlaEvaluator.evaluate(path, states::get, new Thresholds(100.0, null, 1.0, 100.0));
        assertThat(r).isInstanceOfSatisfying(SlaResult.SlaViolation.class, v -> {
            assertThat(v.breaches()).extracting(Breach::reason)
                    .containsExactly(FailReason.LATENCY, FailReason.LOSS, FailReason.BANDWIDTH);
            assertThat(v.breaches()).extracting(Breach::detail).containsExactly(
                    "latency 122 ms > 100 ms along the path, worst segment core3 -> core7 (90 ms)",
                    "loss 4.8% > 1% on segment core3 -> core7",
                    "bandwidth 50 Mbps < 100 Mbps on segment core3 -> core7");
            assertThat(v.breaches()).allSatisfy(b -> assertThat(b.link()).isEqualTo(LinkId.of("core3", "core7")));
        });
    }

    @Test
    void downOrUnknownSegmentsMakeThePathUnreachable() {
        put(state("edgeA", "core3", 2, 0.1, 0, 900.0));
        put(new LinkState(LinkId.of("core3", "core7"), LinkStatus.DOWN, 0, 0, 100, null, null, 0, 0, null));
        SlaResult r = SlaEvaluator.evaluate(path, states::get, Thresholds.NONE);
        assertThat(r).isInstanceOfSatisfying(SlaResult.SlaViolation.class, v -> {
            assertThat(v.summary()).isEqualTo("segment core3 -> core7 is down; segment core7 -> edgeB has no measurements");
            assertThat(v.breaches()).extracting(Breach::reason).containsExactly(FailReason.LINK_DOWN, FailReason.UNMEASURED);
            assertThat(v.breaches()).extracting(b -> SlaMetric.of(b.reason())).containsOnly(SlaMetric.REACHABILITY);
            assertThat(v.metrics()).isEqualTo(PathMetrics.UNREACHABLE);
        });
    }

    @Test
    void unmeasuredBandwidthBreaksABandwidthClass() {
        put(state("edgeA", "core3", 2, 0.1, 0, 900.0));
        put(state("core3", "core7", 2, 0.1, 0, null));
        put(state("core7", "edgeB", 2, 0.1, 0, 900.0));
        assertThat(SlaEvaluator.evaluate(path, states::get, new Thresholds(null, null, null, 10.0)))
                .isInstanceOfSatisfying(SlaResult.SlaViolation.class, v -> assertThat(v.summary())
                        .isEqualTo("bandwidth unmeasured on segment core3 -> core7 (class needs 10 Mbps)"));
        assertThat(SlaEvaluator.evaluate(path, states::get, Thresholds.NONE).compliant()).isTrue();
    }

    @Test
    void pathLinksMustJoinItsNodes() {
        assertThatThrownBy(() -> new PathRef(List.of("a", "b"), List.of(LinkId.of("b", "a"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Oracle: loss as the probability that a packet survives every link, computed in log space. */
    @Property
    void compositionMatchesIndependentFormulas(@ForAll @Size(min = 1, max = 12) List<@DoubleRange(min = 0, max = 100) Double> losses,
                                               @ForAll @DoubleRange(min = 0, max = 200) double latency) {
        List<LinkState> links = new ArrayList<>();
        double logDelivered = 0;
        for (int i = 0; i < losses.size(); i++) {
            links.add(state("n" + i, "n" + (i + 1), latency, latency / 10, losses.get(i), 100.0 + i));
            logDelivered += Math.log1p(-losses.get(i) / 100);
        }
        PathMetrics m = SlaEvaluator.compose(links);
        assertThat(m.lossPercent()).isCloseTo(100 * -Math.expm1(logDelivered), within(1e-9));
        assertThat(m.latencyMs()).isCloseTo(latency * losses.size(), within(1e-9));
        assertThat(m.jitterMs()).isCloseTo(latency / 10 * Math.sqrt(losses.size()), within(1e-9));
        assertThat(m.bandwidthMbps()).isEqualTo(100.0);
        assertThat(m.lossPercent()).isBetween(losses.stream().mapToDouble(d -> d).max().orElseThrow() - 1e-9, 100.0);
    }

    @Test
    void numbersAreShownWithoutNoise() {
        assertThat(SlaEvaluator.num(4.8)).isEqualTo("4.8");
        assertThat(SlaEvaluator.num(1.0)).isEqualTo("1");
        assertThat(SlaEvaluator.num(0.125)).isEqualTo("0.13");
        assertThat(SlaEvaluator.num(1e-9)).isEqualTo("0");
    }
}

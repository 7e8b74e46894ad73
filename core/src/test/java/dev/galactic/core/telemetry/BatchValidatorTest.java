package dev.galactic.core.telemetry;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BatchValidatorTest {

    static final long NOW = 1_764_000_000_000_000_000L;
    static final long MS = 1_000_000L;
    static final Set<String> NODES = Set.of("core1", "core2", "edge1");
    static final LinkId LINK = LinkId.of("core1", "core2");
    final BatchValidator validator = new BatchValidator(ValidationLimits.DEFAULTS);

    static SampleBatch batch(long seq, Sample... samples) {
        return new SampleBatch("core1", seq, List.of(samples));
    }

    static Sample.Echo echo(long rttNanos) {
        return Sample.Echo.reply(LINK, ProbeType.UDP, 1, NOW - MS, rttNanos);
    }

    RejectReason onlyReason(BatchValidator.Verdict v) {
        assertThat(v.rejected()).hasSize(1);
        return v.rejected().getFirst().reason();
    }

    @Test
    void plausibleSamplesPass() {
        var v = validator.validate(batch(1, echo(3 * MS), Sample.Echo.lost(LINK, ProbeType.UDP, 2, NOW),
                new Sample.Bandwidth(LINK, NOW - 10_000 * MS, 10_000 * MS, 940.5, 0.2, 3)), NODES,
                BatchValidator.NO_BATCH_YET, NOW);
        assertThat(v.rejected()).isEmpty();
        assertThat(v.accepted()).hasSize(3);
    }

    @Test
    void eachImplausibleValueHasItsReason() {
        assertThat(onlyReason(validator.validate(batch(1, echo(-1)), NODES, 0, NOW))).isEqualTo(RejectReason.NEGATIVE_RTT);
        assertThat(onlyReason(validator.validate(batch(1, echo(60_000 * MS)), NODES, 0, NOW)))
                .isEqualTo(RejectReason.RTT_TOO_LARGE);
        assertThat(onlyReason(validator.validate(batch(1, new Sample.Bandwidth(LINK, NOW, MS, 10, 100.5, 0)), NODES, 0, NOW)))
                .isEqualTo(RejectReason.LOSS_OUT_OF_RANGE);
        assertThat(onlyReason(validator.validate(batch(1, new Sample.Bandwidth(LINK, NOW, MS, -3, 0, 0)), NODES, 0, NOW)))
                .isEqualTo(RejectReason.BANDWIDTH_OUT_OF_RANGE);
        assertThat(onlyReason(validator.validate(batch(1, new Sample.Bandwidth(LINK, NOW, MS, Double.NaN, 0, 0)), NODES, 0, NOW)))
                .isEqualTo(RejectReason.BANDWIDTH_OUT_OF_RANGE);
        assertThat(onlyReason(validator.validate(batch(1, Sample.Echo.reply(LinkId.of("core1", "mars"), ProbeType.UDP, 1, NOW, MS)),
                NODES, 0, NOW))).isEqualTo(RejectReason.UNKNOWN_NODE);
        assertThat(onlyReason(validator.validate(batch(1, Sample.Echo.reply(LinkId.of("core2", "core1"), ProbeType.UDP, 1, NOW, MS)),
                NODES, 0, NOW))).isEqualTo(RejectReason.FOREIGN_SOURCE);
        assertThat(onlyReason(validator.validate(batch(1, Sample.Echo.reply(LinkId.of("core1", "core1"), ProbeType.UDP, 1, NOW, MS)),
                NODES, 0, NOW))).isEqualTo(RejectReason.SELF_LINK);
        assertThat(onlyReason(validator.validate(batch(1, Sample.Echo.reply(LINK, ProbeType.IPERF, 1, NOW, MS)), NODES, 0, NOW)))
                .isEqualTo(RejectReason.MALFORMED);
        assertThat(onlyReason(validator.validate(batch(1, Sample.Echo.reply(LINK, null, 1, NOW, MS)), NODES, 0, NOW)))
                .isEqualTo(RejectReason.MALFORMED);
        var withNull = validator.validate(new SampleBatch("core1", 1, java.util.Arrays.asList(echo(MS), null)), NODES, 0, NOW);
        assertThat(withNull.accepted()).hasSize(1);
        assertThat(onlyReason(withNull)).isEqualTo(RejectReason.MALFORMED);
    }

    @Test
    void timestampsAreCheckedAgainstTheGivenNowAndSkew() {
        BatchValidator strict = new BatchValidator(new ValidationLimits(100, 60_000 * MS, 500 * MS, 60_000 * MS, 1e6));
        Sample ahead = Sample.Echo.reply(LINK, ProbeType.UDP, 1, NOW + 501 * MS, MS);
        Sample withinSkew = Sample.Echo.reply(LINK, ProbeType.UDP, 2, NOW + 500 * MS, MS);
        Sample old = Sample.Echo.reply(LINK, ProbeType.UDP, 3, NOW - 60_001 * MS, MS);
        var v = strict.validate(batch(1, ahead, withinSkew, old), NODES, 0, NOW);
        assertThat(v.accepted()).containsExactly(withinSkew);
        assertThat(v.rejected()).extracting(Rejection::reason, Rejection::sampleIndex)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RejectReason.FUTURE_TIMESTAMP, 0),
                        org.assertj.core.groups.Tuple.tuple(RejectReason.STALE_TIMESTAMP, 2));
        assertThat(v.rejected().getFirst().message()).contains("501 ms in the future");
    }

    @Test
    void batchLevelRulesRefuseTheWholeBatch() {
        var replay = validator.validate(batch(7, echo(MS)), NODES, 7, NOW);
        assertThat(replay.batchRejected()).isTrue();
        assertThat(replay.accepted()).isEmpty();
        assertThat(onlyReason(replay)).isEqualTo(RejectReason.REPLAYED_BATCH);
        assertThat(onlyReason(validator.validate(batch(6, echo(MS)), NODES, 7, NOW))).isEqualTo(RejectReason.REPLAYED_BATCH);
        assertThat(validator.validate(batch(8, echo(MS)), NODES, 7, NOW).rejected()).isEmpty();
        assertThat(onlyReason(validator.validate(new SampleBatch("intruder", 1, List.of()), NODES, BatchValidator.NO_BATCH_YET, NOW)))
                .isEqualTo(RejectReason.UNKNOWN_AGENT);
        BatchValidator small = new BatchValidator(new ValidationLimits(2, 60_000 * MS, MS, 60_000 * MS, 1e6));
        List<Sample> three = new ArrayList<>(Collections.nCopies(3, echo(MS)));
        assertThat(onlyReason(small.validate(new SampleBatch("core1", 1, three), NODES, 0, NOW)))
                .isEqualTo(RejectReason.BATCH_TOO_LARGE);
    }

    @Test
    void ingestCountsRejectionsAndKeepsTheSequencePerAgent() {
        TelemetryIngest ingest = new TelemetryIngest(NODES, ValidationLimits.DEFAULTS, TrackerConfig.DEFAULTS);
        assertThat(ingest.accept(batch(1, echo(MS), echo(-5)), NOW).acceptedSamples()).isEqualTo(1);
        assertThat(ingest.accept(batch(1, echo(MS)), NOW).batchAccepted()).isFalse();
        var otherAgent = new SampleBatch("core2", 1, List.of(Sample.Echo.reply(LinkId.of("core2", "core1"), ProbeType.UDP, 1, NOW, MS)));
        assertThat(ingest.accept(otherAgent, NOW).batchAccepted()).isTrue();
        assertThat(ingest.rejected(RejectReason.NEGATIVE_RTT)).isEqualTo(1);
        assertThat(ingest.rejected(RejectReason.REPLAYED_BATCH)).isEqualTo(1);
        assertThat(ingest.acceptedSamples()).isEqualTo(2);
        assertThat(ingest.tracker().state(LINK, NOW).up()).isTrue();
    }

    @Test
    void agentsOverTheirBudgetAreRefusedUntilItRefills() {
        long second = 1_000 * MS;
        TelemetryIngest ingest = new TelemetryIngest(NODES, ValidationLimits.DEFAULTS, new RateLimit(10, 20), TrackerConfig.DEFAULTS);
        Sample[] fifteen = java.util.Collections.nCopies(15, echo(MS)).toArray(Sample[]::new);
        assertThat(ingest.accept(batch(1, fifteen), NOW).batchAccepted()).isTrue();   // 20 - 15 = 5 left
        var refused = ingest.accept(batch(2, fifteen), NOW + second / 2);              // 5 + 5 = 10 < 15
        assertThat(refused.batchAccepted()).isFalse();
        assertThat(refused.rejections()).singleElement().extracting(Rejection::reason).isEqualTo(RejectReason.RATE_LIMITED);
        assertThat(ingest.accept(batch(2, fifteen), NOW + second).batchAccepted()).isTrue(); // 5 + 10 = 15
        assertThat(ingest.rejected(RejectReason.RATE_LIMITED)).isEqualTo(1);
        assertThat(ingest.acceptedSamples()).isEqualTo(30);
    }

    @Test
    void samplesSurviveAJsonRoundTrip() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        SampleBatch b = batch(3, echo(MS), Sample.Echo.lost(LINK, ProbeType.ICMP, 9, NOW),
                new Sample.Bandwidth(LINK, NOW, 10_000 * MS, 812.25, 0, 4));
        String json = mapper.writeValueAsString(b);
        assertThat(json).contains("\"kind\":\"echo\"").contains("\"kind\":\"bandwidth\"");
        assertThat(mapper.readValue(json, SampleBatch.class)).isEqualTo(b);
    }
}

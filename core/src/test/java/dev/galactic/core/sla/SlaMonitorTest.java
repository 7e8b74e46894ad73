package dev.galactic.core.sla;

import dev.galactic.core.pce.Breach;
import dev.galactic.core.pce.FailReason;
import dev.galactic.core.pce.PathMetrics;
import dev.galactic.core.telemetry.LinkId;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlaMonitorTest {

    static final long S = 1_000_000_000L;
    static final long T0 = 1_764_000_000L * S;
    static final SlaSubject SUBJECT = new SlaSubject("acme", "gold", "siteA->siteB");
    static final PathRef PATH = PathRef.of("edgeA", "core3", "edgeB");
    static final SlaResult OK = new SlaResult.Compliant(PATH, PathMetrics.measured(10.0, 0.1, 0, 100.0, 2));

    static SlaResult.SlaViolation lossOn(String from, String to) {
        LinkId seg = LinkId.of(from, to);
        return new SlaResult.SlaViolation(PATH, PathMetrics.measured(10.0, 0.1, 5, 100.0, 2),
                List.of(new Breach(FailReason.LOSS, seg, "loss 5% > 1% on segment " + seg)));
    }

    @Test
    void violationOpensAtOnceChangesAndClosesAfterStayingCompliant() {
        SlaMonitor m = new SlaMonitor(new SlaMonitorConfig(0, 30 * S, 3600 * S, 24, 120 * S));
        assertThat(m.observe(SUBJECT, OK, T0)).isEmpty();
        List<SlaEvent> opened = m.observe(SUBJECT, lossOn("edgeA", "core3"), T0 + S);
        assertThat(opened).singleElement().isInstanceOf(SlaEvent.ViolationOpened.class);
        long id = opened.getFirst().violationId();
        assertThat(m.observe(SUBJECT, lossOn("edgeA", "core3"), T0 + 2 * S)).isEmpty();
        assertThat(m.observe(SUBJECT, lossOn("core3", "edgeB"), T0 + 3 * S)).singleElement()
                .isInstanceOf(SlaEvent.ViolationChanged.class).extracting(SlaEvent::violationId).isEqualTo(id);
        // compliant for less than 30 s, then bad again: the same violation stays open
        assertThat(m.observe(SUBJECT, OK, T0 + 4 * S)).isEmpty();
        assertThat(m.observe(SUBJECT, OK, T0 + 30 * S)).isEmpty();
        assertThat(m.observe(SUBJECT, lossOn("core3", "edgeB"), T0 + 31 * S)).isEmpty();
        assertThat(m.openViolation(SUBJECT)).isNotNull();
        assertThat(m.observe(SUBJECT, OK, T0 + 40 * S)).isEmpty();
        assertThat(m.observe(SUBJECT, OK, T0 + 70 * S)).singleElement().isInstanceOfSatisfying(SlaEvent.ViolationClosed.class, c -> {
            assertThat(c.violationId()).isEqualTo(id);
            assertThat(c.durationNanos()).isEqualTo(69 * S);
        });
        assertThat(m.openViolation(SUBJECT)).isNull();
    }

    @Test
    void observedTimeIsWallClockHoweverManyPathsAClassHas() {
        SlaMonitor m = new SlaMonitor(new SlaMonitorConfig(0, 0, 3600 * S, 24, 120 * S));
        List<SlaSubject> pairs = List.of(SUBJECT, new SlaSubject("acme", "gold", "siteB->siteA"), new SlaSubject("acme", "gold", "siteA->siteC"));
        // three paths evaluated together every 10 s for 100 s; one of them is in violation
        for (long t = 0; t <= 100; t += 10) {
            for (SlaSubject p : pairs) m.observe(p, p.path().equals("siteA->siteC") ? lossOn("a", "b") : OK, T0 + t * S);
        }
        Compliance c = m.compliance("acme", "gold", T0, T0 + 200 * S);
        assertThat(c.coveredNanos()).isEqualTo(100 * S);
        assertThat(c.observedNanos()).isEqualTo(300 * S);
        assertThat(c.fraction()).isCloseTo(2.0 / 3, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aCauseIsTheFigureAndTheSegmentNotTheReasonsWording() {
        SlaMonitor m = new SlaMonitor(new SlaMonitorConfig(0, 0, 3600 * S, 24, 120 * S));
        java.util.function.Function<FailReason, SlaResult> missed = r -> new SlaResult.SlaViolation(PATH, PathMetrics.UNREACHABLE,
                List.of(new Breach(r, null, r + " (no route: nothing carries it)")));
        assertThat(m.observe(SUBJECT, missed.apply(FailReason.ZERO_LOSS), T0)).singleElement().isInstanceOf(SlaEvent.ViolationOpened.class);
        assertThat(m.observe(SUBJECT, missed.apply(FailReason.LOSS), T0 + S)).as("both about loss").isEmpty();
        assertThat(m.observe(SUBJECT, missed.apply(FailReason.NO_PATH), T0 + 2 * S)).singleElement().isInstanceOf(SlaEvent.ViolationChanged.class);
        assertThat(m.observe(SUBJECT, missed.apply(FailReason.EXCLUSIONS), T0 + 3 * S)).as("both about reachability").isEmpty();
    }

    @Test
    void openAfterSuppressesShortBlips() {
        SlaMonitor m = new SlaMonitor(new SlaMonitorConfig(5 * S, 0, 3600 * S, 24, 120 * S));
        assertThat(m.observe(SUBJECT, lossOn("a", "b"), T0)).isEmpty();
        assertThat(m.observe(SUBJECT, OK, T0 + S)).isEmpty();
        assertThat(m.observe(SUBJECT, lossOn("a", "b"), T0 + 2 * S)).isEmpty();
        assertThat(m.observe(SUBJECT, lossOn("a", "b"), T0 + 7 * S)).singleElement().isInstanceOf(SlaEvent.ViolationOpened.class);
        assertThat(m.forget(SUBJECT, T0 + 8 * S)).singleElement().isInstanceOf(SlaEvent.ViolationClosed.class);
    }

    /** Oracle: walk the evaluations second by second and count compliant seconds directly. */
    @Property(tries = 200)
    void complianceHistoryIsTheTimeWeightedShare(@ForAll @Size(min = 2, max = 200) List<Boolean> results,
                                                 @ForAll @Size(min = 2, max = 200) List<@IntRange(min = 1, max = 200) Integer> gaps,
                                                 @ForAll @IntRange(min = 0, max = 20_000) int queryFrom,
                                                 @ForAll @IntRange(min = 1, max = 20_000) int queryLength) {
        long bucket = 600 * S;
        SlaMonitor m = new SlaMonitor(new SlaMonitorConfig(0, 0, bucket, 1000, 120 * S));
        long base = 1_764_000_000L - Math.floorMod(1_764_000_000L, 600); // bucket-aligned, in seconds
        long t = base;
        long[] okPerBucket = new long[200];
        long[] obsPerBucket = new long[200];
        int n = Math.min(results.size(), gaps.size());
        for (int i = 0; i < n; i++) {
            m.observe(SUBJECT, results.get(i) ? OK : lossOn("a", "b"), t * S);
            long gap = gaps.get(i);
            if (i + 1 < n && gap <= 120) {
                for (long sec = t; sec < t + gap; sec++) {
                    int b = (int) ((sec - base) / 600);
                    obsPerBucket[b]++;
                    if (results.get(i)) okPerBucket[b]++;
                }
            }
            if (i + 1 < n) t += gap;
        }
        long from = base + queryFrom, to = from + queryLength;
        long ok = 0, obs = 0;
        for (int b = (int) ((from - base) / 600); b <= (to - 1 - base) / 600 && b < 200; b++) {
            ok += okPerBucket[b];
            obs += obsPerBucket[b];
        }
        Compliance c = m.compliance("acme", "gold", from * S, to * S);
        assertThat(c.observedNanos()).isEqualTo(obs * S);
        assertThat(c.compliantNanos()).isEqualTo(ok * S);
        assertThat(c.coveredNanos()).as("one path: its time is the wall-clock time").isEqualTo(obs * S);
        assertThat(m.compliance("acme", "silver", from * S, to * S).fraction()).isEqualTo(1.0);
    }
    @Test
    void historyKeptAcrossARestartAnswersTheSameAndGrowsOn() {
        SlaMonitorConfig config = new SlaMonitorConfig(0, 0, 3600 * S, 24, 120 * S);
        SlaMonitor before = new SlaMonitor(config);
        // two hours and a half of one path, bad for the last ten minutes
        for (long t = 0; t <= 9000; t += 10) before.observe(SUBJECT, t >= 8400 ? lossOn("a", "b") : OK, T0 + t * S);
        List<SlaMonitor.Bucket> kept = before.buckets();
        assertThat(kept).hasSizeGreaterThanOrEqualTo(3).allSatisfy(b -> assertThat(b.tenant()).isEqualTo("acme"));

        SlaMonitor after = new SlaMonitor(config, 1000);
        after.restore(kept);
        assertThat(after.buckets()).isEqualTo(kept);
        assertThat(after.compliance("acme", "gold", T0, T0 + 9000 * S)).isEqualTo(before.compliance("acme", "gold", T0, T0 + 9000 * S));
        // the restart's gap is unobserved; what comes after adds to the history
        after.observe(SUBJECT, OK, T0 + 9600 * S);
        after.observe(SUBJECT, OK, T0 + 9610 * S);
        assertThat(after.compliance("acme", "gold", T0, T0 + 9700 * S).observedNanos())
                .isEqualTo(before.compliance("acme", "gold", T0, T0 + 9000 * S).observedNanos() + 10 * S);
        // and its violations are numbered on from where it was told to start
        assertThat(after.observe(SUBJECT, lossOn("a", "b"), T0 + 9620 * S)).singleElement().extracting(SlaEvent::violationId).isEqualTo(1000L);
    }
}

package dev.galactic.core.telemetry;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Recording a sample into existing windows allocates nothing, so ingest does not churn the heap. */
class HotPathAllocationTest {

    @Test
    void recordingIntoExistingWindowsIsAllocationFree() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        LinkStateTracker tracker = new LinkStateTracker(TrackerConfig.DEFAULTS);
        BatchValidator validator = new BatchValidator(ValidationLimits.DEFAULTS);
        java.util.Set<String> nodes = java.util.Set.of("a", "b", "c", "d");
        LinkId[] links = {LinkId.of("a", "b"), LinkId.of("a", "c"), LinkId.of("a", "d")};
        long t0 = 1_764_000_000_000_000_000L;
        int n = 200_000;
        Sample[][] rounds = new Sample[3][n];
        for (int r = 0; r < 3; r++) {
            // each round spans 200 s of later probe time, so every window slot is reused several times
            long start = t0 + r * 200_000_000_000L;
            for (int i = 0; i < n; i++) {
                rounds[r][i] = i % 50 == 0 ? Sample.Echo.lost(links[i % 3], ProbeType.UDP, i, start + i * 1_000_000L)
                        : Sample.Echo.reply(links[i % 3], ProbeType.UDP, i, start + i * 1_000_000L, 1_000_000 + (i * 7919L) % 50_000_000);
            }
        }
        for (int round = 0; round < 3; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (Sample s : rounds[round]) {
                if (validator.check(s, "a", nodes, s.timestampNanos()) == null) {
                    tracker.record(s);
                }
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round > 0) {
                // a few bytes of slack for the measurement itself; one allocation per sample would be megabytes
                assertThat(allocated).as("bytes allocated recording %d samples", n).isLessThan(1_024);
            }
        }
        // the samples were recorded, not dropped as late: the last round fills the current window
        long end = t0 + 2 * 200_000_000_000L + (n - 1) * 1_000_000L;
        assertThat(tracker.stats(links[0], ProbeType.UDP, end).samples()).isGreaterThan(15_000);
    }
}

package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.Sample;
import dev.galactic.core.telemetry.SampleBatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SampleBatcherTest {

    static final LinkId L = LinkId.of("a", "b");

    @Test
    void repliesWaitForTheBatchButALostProbeLeavesAtOnceWithWhatWaited() {
        List<SampleBatch> sent = new ArrayList<>();
        SampleBatcher b = new SampleBatcher("a", 1, 500, 60_000_000_000L, sent::add);
        b.add(Sample.Echo.reply(L, ProbeType.UDP, 0, 1, 1_000_000));
        b.add(Sample.Echo.reply(L, ProbeType.UDP, 1, 2, 1_000_000));
        b.flushIfDue();
        assertThat(sent).isEmpty();
        b.add(Sample.Echo.lost(L, ProbeType.UDP, 2, 3));
        assertThat(sent).singleElement().satisfies(batch -> {
            assertThat(batch.samples()).hasSize(3);
            assertThat(batch.sequence()).isEqualTo(1);
        });
        b.add(Sample.Echo.reply(L, ProbeType.UDP, 3, 4, 1_000_000));
        assertThat(sent).hasSize(1);
    }
}

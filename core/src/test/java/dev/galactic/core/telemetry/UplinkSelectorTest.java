package dev.galactic.core.telemetry;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UplinkSelectorTest {

    static EchoStats stats(long replies, long lost, long p50Millis) {
        long p50 = p50Millis * 1_000_000;
        return new EchoStats(replies, lost, 0, replies == 0 ? null : new RttSummary(p50, p50, p50, p50, p50), 0, 0L, 0L, p50 * 1L, 0);
    }

    @Test
    void picksTheThreeFastestUsablePops() {
        Map<String, EchoStats> probes = new LinkedHashMap<>();
        probes.put("ams", stats(20, 0, 12));
        probes.put("fra", stats(20, 0, 9));
        probes.put("lon", stats(20, 5, 5));     // 20% loss
        probes.put("par", stats(3, 0, 4));      // too few answers
        probes.put("mad", stats(20, 0, 30));
        probes.put("waw", stats(20, 0, 12));    // ties with ams on RTT: name decides
        probes.put("nyc", stats(0, 20, 0));     // never answered
        UplinkSelector.Choice c = UplinkSelector.choose(probes, UplinkSelector.Criteria.DEFAULTS);
        assertThat(c.chosen()).containsExactly("fra", "ams", "waw");
        assertThat(c.excluded()).extracting(UplinkSelector.Excluded::core).containsExactly("lon", "nyc", "par");
        assertThat(c.excluded().getFirst().reason()).isEqualTo("loss 20.0% > 5.0%");
    }
}

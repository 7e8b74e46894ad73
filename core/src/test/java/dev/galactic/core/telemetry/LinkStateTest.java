package dev.galactic.core.telemetry;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LinkStateTest {

    static final LinkId UP = new LinkId("edge", "core"), DOWN_LINK = UP.reversed();

    static LinkState measured(LinkId id, double latency) {
        return new LinkState(id, LinkStatus.UP, latency, 0.5, 0, null, null, 10, 1, ProbeType.UDP);
    }

    @Test
    void anUnmeasuredDirectionBorrowsItsReverseUnderItsOwnName() {
        Map<LinkId, LinkState> states = Map.of(UP, measured(UP, 3));
        assertThat(LinkState.orReverse(states, UP)).isEqualTo(states.get(UP));
        LinkState borrowed = LinkState.orReverse(states, DOWN_LINK);
        assertThat(borrowed.link()).isEqualTo(DOWN_LINK);
        assertThat(borrowed.latencyMs()).isEqualTo(3);
        assertThat(LinkState.borrows(states, DOWN_LINK)).isTrue();
        assertThat(LinkState.borrows(states, UP)).isFalse();
    }

    @Test
    void aMeasuredDirectionKeepsItsOwnFiguresAndNeverMeasuredCountsAsUnmeasured() {
        Map<LinkId, LinkState> both = Map.of(UP, measured(UP, 3), DOWN_LINK, measured(DOWN_LINK, 7));
        assertThat(LinkState.orReverse(both, DOWN_LINK).latencyMs()).isEqualTo(7);
        Map<LinkId, LinkState> silent = Map.of(UP, LinkState.neverMeasured(UP), DOWN_LINK, measured(DOWN_LINK, 7));
        assertThat(LinkState.orReverse(silent, UP).latencyMs()).isEqualTo(7);
        assertThat(LinkState.orReverse(Map.of(UP, LinkState.neverMeasured(UP)), DOWN_LINK)).isNull();
        assertThat(LinkState.orReverse(Map.of(), UP)).isNull();
    }
}

package dev.galactic.core.pce;

import dev.galactic.core.telemetry.EpochNanos;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;
import dev.galactic.core.telemetry.LinkStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PCE's inputs in telemetry's terms: link-states files and their checks. */
class LinkReadingTest {

    @Test
    void aFileStateIsTelemetrysLinkStateWithNoProbeBehindIt() {
        List<LinkReading> read = PceFiles.linkStates("""
                - {link: fra-par, from: fra, to: par, latencyMs: 5.1, jitterMs: 0.3, lossPercent: 0.8, availableBandwidthMbps: 600, measuredAt: "2026-01-01T00:00:00Z"}
                - {from: par, to: fra, latencyMs: 7, up: false}
                """);
        assertThat(read.getFirst()).isEqualTo(new LinkReading("fra-par", new LinkState(LinkId.of("fra", "par"), LinkStatus.UP, 5.1, 0.3, 0.8,
                600.0, null, 0, EpochNanos.of(Instant.parse("2026-01-01T00:00:00Z")), null)));
        LinkReading down = read.getLast();
        assertThat(down.linkName()).isNull();
        assertThat(down.state().status()).isEqualTo(LinkStatus.DOWN);
        assertThat(down.state().availableBandwidthMbps()).as("not stated: unmeasured").isNull();
        assertThat(down.state().measuredAtNanos()).as("not stated: unknown").isZero();
        assertThat(down.state().measured()).as("no probe answered").isFalse();
    }

    @Test
    void anUnmeasuredBandwidthLeavesTheDeclaredCapacity() {
        List<dev.galactic.core.model.Resource> topo = List.of(Fixtures.core("a", "DE"), Fixtures.core("b", "DE"),
                dev.galactic.core.model.Resource.of(dev.galactic.core.model.Kind.LINK, dev.galactic.core.model.ObjectMeta.of("a--b", null),
                        new dev.galactic.core.model.LinkSpec("a", "b", dev.galactic.core.model.LinkSpec.LinkKind.PHYSICAL, 1.0, 1000L, 1.0, null)));
        Network g = Network.build(topo, topo, PceFiles.linkStates("- {from: a, to: b, latencyMs: 2}\n- {from: b, to: a, latencyMs: 2, availableBandwidthMbps: 5000}"),
                Freshness.IGNORE);
        int ab = g.findLink(null, "a", "b").orElseThrow(), ba = g.findLink(null, "b", "a").orElseThrow();
        assertThat(g.bandwidthMbps(ab)).isEqualTo(1000);
        assertThat(g.bandwidthMbps(ba)).as("no figure exceeds the capacity").isEqualTo(1000);
        assertThat(g.latencyMs(ab)).isEqualTo(2);
    }

    @Test
    void figuresTheSearchesCannotUseAreRefused() {
        assertThatThrownBy(() -> PceFiles.linkStates("- {from: a, to: b, latencyMs: -1}")).hasMessage("negative or NaN metric on a->b");
        assertThatThrownBy(() -> PceFiles.linkStates("- {from: a, to: b, latencyMs: 1, availableBandwidthMbps: -5}"))
                .hasMessage("negative or NaN metric on a->b");
        assertThatThrownBy(() -> PceFiles.linkStates("- {from: a, to: b, latencyMs: 1, lossPercent: 101}"))
                .hasMessage("loss must be 0..100 percent on a->b");
        assertThatThrownBy(() -> PceFiles.linkStates("- {from: a, to: b, latencyMs: 1, measuredAt: \"2300-01-01T00:00:00Z\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the years 1677 to 2262");
        assertThatThrownBy(() -> LinkReading.of(new LinkState(LinkId.of("a", "b"), LinkStatus.UP, Double.NaN, 0, 0, null, null, 0, 0, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStateOfUnknownAgeNeverExpires() {
        Instant now = Instant.parse("2026-01-01T00:10:00Z");
        Freshness f = new Freshness(now, Duration.ofSeconds(60));
        assertThat(f.isFresh(0)).isTrue();
        assertThat(f.isFresh(EpochNanos.of(now.minusSeconds(60)))).isTrue();
        assertThat(f.isFresh(EpochNanos.of(now.minusSeconds(61)))).isFalse();
    }
}

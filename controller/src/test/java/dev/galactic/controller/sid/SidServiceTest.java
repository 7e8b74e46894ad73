package dev.galactic.controller.sid;

import dev.galactic.controller.PublisherFixture;
import dev.galactic.controller.store.SidAllocationStore;
import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.image.NetworkImage;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.sid.SidLayout;
import dev.galactic.core.sid.SidPlan;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sids publisher keeps the image's allocations, so a restart derives the same plan. */
class SidServiceTest extends PublisherFixture {

    final ResourceImage intent = examples("backbone.yaml");

    @Test
    void aRestartDerivesTheSamePlanAndADepartedNodesIdIsNotHandedOn() {
        SidService sids = new SidService(new SidAllocationStore(db));
        SidPlan first = sids.restore(SidLayout.DEFAULT, intent);
        assertThat(first.locators()).containsKeys("fra", "edge-ber");

        // fra leaves; the publisher keeps the release
        ResourceImage without = intent.apply(List.of(), List.of(new ResourceKey(Kind.NODE, null, "fra")));
        NetworkImage image = new NetworkImage(1, intent, java.util.Map.of(), first, java.util.Map.of(), dev.galactic.core.bgp.BgpSessions.NONE);
        NetworkDelta delta = NetworkDelta.intent(new NetworkDelta.IntentDelta(2, intent, without, List.of()));
        NetworkImage next = image.apply(delta);
        sids.publish(delta, next);
        assertThat(next.sids().locators()).doesNotContainKey("fra");

        SidPlan restarted = new SidService(new SidAllocationStore(db)).restore(SidLayout.DEFAULT, without);
        assertThat(restarted).isEqualTo(next.sids());
        // a node that sorts first does not get fra's old id: that id is still released, not free
        ResourceImage newcomer = without.apply(List.of(dev.galactic.core.model.Resource.of(Kind.NODE, dev.galactic.core.model.ObjectMeta.of("aaa", null),
                intent.get(Kind.NODE, null, "fra").orElseThrow().spec())), List.of());
        assertThat(restarted.next(newcomer).locator("aaa")).isNotEqualTo(first.locator("fra"));
    }
}

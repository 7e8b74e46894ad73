package dev.galactic.core.sid;

import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.NodeSpec.NodeRole;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.ObjectMeta;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.net.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SidPlanTest {

    static Resource node(String name, String locator) {
        return Resource.of(Kind.NODE, ObjectMeta.of(name, null), new NodeSpec(NodeRole.CORE, null, List.of(), locator));
    }

    static Resource tenant(String name) {
        return Resource.of(Kind.TENANT, ObjectMeta.of(name, null), null);
    }

    static ResourceImage intent(Resource... rs) {
        return ResourceImage.of(List.of(rs));
    }

    @Test
    void nodesKeepTheirLocatorsAndAnExplicitLocatorTakesNoId() {
        SidPlan plan = SidPlan.empty(SidLayout.DEFAULT).next(intent(node("fra", null), node("ams", null), node("lon", "2001:db8:9::/48")));
        assertThat(plan.locators()).containsEntry("ams", SidLayout.DEFAULT.locator(1)).containsEntry("fra", SidLayout.DEFAULT.locator(2))
                .containsEntry("lon", IpPrefix.parse("2001:db8:9::/48"));
        assertThat(plan.allocations().get(SidPlan.Scope.NODE)).extracting(SidAllocator.Allocation::name).containsExactly("ams", "fra");
        assertThat(plan.space()).containsExactly(SidLayout.DEFAULT.block(), IpPrefix.parse("2001:db8:9::/48"));

        // ams leaves, a newcomer does not get its id, and fra keeps its own
        SidPlan next = plan.next(intent(node("fra", null), node("aaa", null)));
        assertThat(next.locators()).containsEntry("fra", SidLayout.DEFAULT.locator(2)).containsEntry("aaa", SidLayout.DEFAULT.locator(3))
                .doesNotContainKey("ams").doesNotContainKey("lon");
        assertThat(next.problem()).isNull();
    }

    @Test
    void aPlanContinuesFromStoredAllocationsAsIfItHadNeverStopped() {
        ResourceImage first = intent(node("fra", null), node("ams", null), tenant("acme"));
        SidPlan running = SidPlan.empty(SidLayout.DEFAULT).next(first).next(intent(node("fra", null), tenant("acme")));
        SidPlan restarted = SidPlan.of(SidLayout.DEFAULT, running.allocations(), intent(node("fra", null), tenant("acme")));
        assertThat(restarted).isEqualTo(running);
        assertThat(restarted.next(first)).isEqualTo(running.next(first));
    }

    @Test
    void runningOutOfIdsKeepsTheScopeAsItWasAndSaysSoInsteadOfThrowing() {
        List<Resource> many = new ArrayList<>();
        for (int i = 0; i <= SidLayout.MAX_ARGUMENT; i++) many.add(tenant("t" + i));
        SidPlan before = SidPlan.empty(SidLayout.DEFAULT).next(intent(node("fra", null), tenant("acme")));
        many.add(node("fra", null));
        many.add(node("ams", null));
        SidPlan after = before.next(ResourceImage.of(many));
        assertThat(after.problem()).contains("tenant ids").contains("no ids left");
        assertThat(after.allocations().get(SidPlan.Scope.TENANT)).isEqualTo(before.allocations().get(SidPlan.Scope.TENANT));
        // the departed tenant keeps no id it could be reached by, and the other scopes go on
        assertThat(after.tenantIds()).isEmpty();
        assertThat(after.locators()).containsKeys("fra", "ams");
    }
}

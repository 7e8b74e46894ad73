package dev.galactic.core.render;

import dev.galactic.core.model.NodeSpec.NodeRole;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LocalFailoverTest {

    static NodeConfig.Tunnel tunnel(String peer, String locator) {
        return new NodeConfig.Tunnel(peer, null, null, List.of("::/0"), 1420, locator);
    }

    static final NodeConfig.Route VIA_CORE1 = new NodeConfig.Route("10.2.0.0/24", List.of("fc00:1::e", "fc00:b::d4"),
            List.of("fc00:2::e", "fc00:b::d4"), "blue-b", List.of("edge-a", "core1", "edge-b"));
    static final NodeConfig.Route VIA_CORE2_BACKUP_CORE1 = new NodeConfig.Route("10.3.0.0/24", List.of("fc00:2::e", "fc00:c::d4"),
            List.of("fc00:1::e", "fc00:c::d4"), "blue-c", List.of("edge-a", "core2", "edge-c"));
    static final NodeConfig.Route NO_BACKUP = new NodeConfig.Route("10.4.0.0/24", List.of("fc00:1::e", "fc00:d::d4"),
            List.of(), "blue-d", List.of("edge-a", "core1", "edge-d"));
    static final NodeConfig.Route LOCAL = new NodeConfig.Route("10.1.0.0/24", List.of(), List.of(), "blue-a", List.of("edge-a"));

    static NodeConfig edge(NodeConfig.Route... routes) {
        return new NodeConfig("edge-a", NodeRole.EDGE, "fc00:a::/48", "fc00:a::1", "fc00::/16", List.of(),
                List.of(tunnel("core1", "fc00:1::/48"), tunnel("core2", "fc00:2::/48"), tunnel("core3", "fc00:3::/48")),
                List.of(new NodeConfig.TenantConfig("blue", 7, List.of(new NodeConfig.Site("blue-a", "main", List.of("10.1.0.0/24"))),
                        List.of(new NodeConfig.ClassRoutes("main", "fast", 0, true, List.of(routes))), List.of())));
    }

    static List<NodeConfig.Route> routes(NodeConfig c) {
        return c.tenants().getFirst().classes().getFirst().routes();
    }

    @Test
    void routesLeavingThroughADeadUplinkTakeTheirBackupAndNothingElseChanges() {
        NodeConfig config = edge(LOCAL, VIA_CORE1, VIA_CORE2_BACKUP_CORE1, NO_BACKUP);
        LocalFailover.Result r = LocalFailover.apply(config, Set.of("core1"));
        List<NodeConfig.Route> after = routes(r.config());
        assertThat(after.get(0)).isEqualTo(LOCAL);
        assertThat(after.get(1).segments()).containsExactly("fc00:2::e", "fc00:b::d4");
        assertThat(after.get(1).backupSegments()).containsExactly("fc00:1::e", "fc00:b::d4");
        // its primary leaves through core2, alive: untouched
        assertThat(after.get(2)).isEqualTo(VIA_CORE2_BACKUP_CORE1);
        // nothing to switch to: kept (the controller's recompute is its only way out)
        assertThat(after.get(3)).isEqualTo(NO_BACKUP);
        assertThat(r.switched()).singleElement().satisfies(s -> {
            assertThat(s.prefix()).isEqualTo("10.2.0.0/24");
            assertThat(s.fromPeer()).isEqualTo("core1");
            assertThat(s.toPeer()).isEqualTo("core2");
            assertThat(s.tenant()).isEqualTo("blue");
        });
        assertThat(r.config().tunnels()).isEqualTo(config.tunnels());
        assertThat(r.config().localSids()).isEqualTo(config.localSids());
    }

    @Test
    void aBackupThroughAnotherDeadUplinkIsNoEscape() {
        LocalFailover.Result r = LocalFailover.apply(edge(VIA_CORE1), Set.of("core1", "core2"));
        assertThat(r.switched()).isEmpty();
        assertThat(routes(r.config())).containsExactly(VIA_CORE1);
    }

    @Test
    void noDeadUplinkGivesTheSameConfig() {
        NodeConfig config = edge(LOCAL, VIA_CORE1);
        assertThat(LocalFailover.apply(config, Set.of()).config()).isSameAs(config);
        assertThat(LocalFailover.apply(config, Set.of("core3")).config()).isSameAs(config);
    }
}

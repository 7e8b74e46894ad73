package dev.galactic.agent.driver.linux;

import dev.galactic.core.render.NodeConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireGuardPlanTest {

    static final String OURS = "ME+ourPrivateKeyAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    static final String PEER = "PEER+publicKeyAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    static final String OTHER = "OTHER+publicKeyAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    static final LinuxPlan.TunnelPort EDGE_PORT = new LinuxPlan.TunnelPort("wg1", 51821, "[fd00:10:6::2]:51821");
    static final NodeConfig.Tunnel TO_CORE = new NodeConfig.Tunnel("core1", "fc00:1::1", PEER, List.of("::/0"), null, null);

    static String dump(String privateKey, String port, String... peers) {
        StringBuilder s = new StringBuilder(privateKey + "\tpub\t" + port + "\toff\n");
        for (String p : peers) s.append(p).append('\n');
        return s.toString();
    }

    static String peer(String key, String endpoint, String allowed, String keepalive) {
        return String.join("\t", key, "(none)", endpoint, allowed, "0", "0", "0", keepalive);
    }

    @Test
    void aFreshInterfaceGetsKeyPortAndPeer() {
        assertThat(WireGuardPlan.commands(TO_CORE, EDGE_PORT, OURS, "/n/wg.key", dump("(none)", "0"))).containsExactly(
                List.of("set", "wg1", "private-key", "/n/wg.key", "listen-port", "51821"),
                List.of("set", "wg1", "peer", PEER, "endpoint", "[fd00:10:6::2]:51821", "allowed-ips", "::/0", "persistent-keepalive", "25"));
    }

    @Test
    void aMatchingInterfaceNeedsNothing() {
        String d = dump(OURS, "51821", peer(PEER, "[fd00:10:6::2]:51821", "::/0", "25"));
        assertThat(WireGuardPlan.commands(TO_CORE, EDGE_PORT, OURS, "/n/wg.key", d)).isEmpty();
    }

    @Test
    void aStalePeerGoesAndChangedAllowedPrefixesAreSet() {
        NodeConfig.Tunnel toEdge = new NodeConfig.Tunnel("edge-a", null, PEER, List.of("fc00:a::/48", "fd00:20:1::1/128"), null, null);
        LinuxPlan.TunnelPort corePort = new LinuxPlan.TunnelPort("wg1", 51821, null);
        // the core learned the edge's endpoint by itself (roaming): that is no difference
        String d = dump(OURS, "51821", peer(OTHER, "(none)", "fc00:a::/48", "off"), peer(PEER, "[fd00:10:6::1]:40000", "fc00:a::/48", "off"));
        assertThat(WireGuardPlan.commands(toEdge, corePort, OURS, "/n/wg.key", d)).containsExactly(
                List.of("set", "wg1", "peer", OTHER, "remove"),
                List.of("set", "wg1", "peer", PEER, "allowed-ips", "fc00:a::/48,fd00:20:1::1/128", "persistent-keepalive", "0"));
    }

    @Test
    void aPeerWhoseKeyIsNotKnownYetIsLeftAlone() {
        NodeConfig.Tunnel pending = new NodeConfig.Tunnel("core1", "fc00:1::1", null, List.of("::/0"), null, null);
        String d = dump(OURS, "51821", peer(OTHER, "[fd00:10:6::2]:51821", "::/0", "25"));
        assertThat(WireGuardPlan.commands(pending, EDGE_PORT, OURS, "/n/wg.key", d)).isEmpty();
    }

    @Test
    void theConfigsEndpointGetsTheUsualPortWhenTheNodeDoesNotSayOtherwise() {
        assertThat(WireGuardPlan.commands(TO_CORE, new LinuxPlan.TunnelPort("wg1", null, null), OURS, "/n/wg.key",
                dump(OURS, "51820"))).containsExactly(
                List.of("set", "wg1", "peer", PEER, "endpoint", "[fc00:1::1]:51820", "allowed-ips", "::/0", "persistent-keepalive", "25"));
    }

    @Test
    void anEmptyDumpIsAnError() {
        assertThatThrownBy(() -> WireGuardPlan.commands(TO_CORE, EDGE_PORT, OURS, "/n/wg.key", "")).hasMessageContaining("wg1");
    }
}

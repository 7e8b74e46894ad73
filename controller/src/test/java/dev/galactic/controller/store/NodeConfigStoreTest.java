package dev.galactic.controller.store;

import dev.galactic.controller.store.NodeConfigStore.StoredConfig;
import dev.galactic.core.model.NodeSpec.NodeRole;
import dev.galactic.core.render.NodeConfig;
import dev.galactic.core.sid.SidFunction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NodeConfigStoreTest extends OnBothDatabases {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    static NodeConfig config(String node, Integer mtu) {
        return new NodeConfig(node, NodeRole.CORE, "fc00:0:1::/48", "fc00:0:1::", "fc00::/32",
                List.of(new NodeConfig.LocalSid("fc00:0:1::1", SidFunction.END, null, null)),
                List.of(new NodeConfig.Tunnel("ams", "192.0.2.2", null, List.of("fc00:0:2::/48"), mtu, "fc00:0:2::/48")), List.of());
    }

    static StoredConfig stored(long version, NodeConfig c) {
        return new StoredConfig(version, c.hash(), c);
    }

    @Test
    void keepsEachNodesLatestConfigAcrossRestarts() {
        NodeConfigStore store = new NodeConfigStore(db);
        assertThat(store.all()).isEmpty();
        store.save(stored(1, config("fra", 1420)), T0);
        store.save(stored(1, config("ams", null)), T0);
        store.save(stored(2, config("fra", 1380)), T0.plusSeconds(1));

        List<StoredConfig> all = new NodeConfigStore(reopen()).all();
        assertThat(all).containsExactlyInAnyOrder(stored(2, config("fra", 1380)), stored(1, config("ams", null)));
        // the document reads back to a config with the hash it was stored under
        assertThat(all).allSatisfy(c -> assertThat(c.config().hash()).isEqualTo(c.hash()));
    }
}

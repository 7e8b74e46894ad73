package dev.galactic.controller.store;

import dev.galactic.controller.store.NodePublicKeyStore.NodePublicKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class NodePublicKeyStoreTest extends OnBothDatabases {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final String KEY_A = "A".repeat(42) + "E=";
    static final String KEY_B = "B".repeat(42) + "Q=";

    @Test
    void keepsEachNodesLatestKeyAcrossRestarts() {
        NodePublicKeyStore store = new NodePublicKeyStore(db);
        assertThat(store.all()).isEmpty();
        store.save(new NodePublicKey("fra", KEY_A, T0));
        store.save(new NodePublicKey("ams", KEY_A, T0));
        store.save(new NodePublicKey("fra", KEY_B, T0.plusSeconds(5)));

        assertThat(new NodePublicKeyStore(reopen()).all())
                .containsExactly(new NodePublicKey("ams", KEY_A, T0), new NodePublicKey("fra", KEY_B, T0.plusSeconds(5)));
    }
}

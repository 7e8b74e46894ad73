package dev.galactic.controller.store;

import dev.galactic.controller.store.BgpSessionStore.StoredSession;
import dev.galactic.core.bgp.LearnedRoute;
import dev.galactic.core.bgp.SessionState;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BgpSessionStoreTest extends OnBothDatabases {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final ResourceKey BERLIN = new ResourceKey(Kind.ATTACHMENT, "acme", "berlin");
    static final ResourceKey PARIS = new ResourceKey(Kind.ATTACHMENT, "acme", "paris");
    static final LearnedRoute OFFICE = new LearnedRoute("10.1.0.0/16", List.of(65001L, 65002L), List.of("65001:100"), "192.0.2.1");
    static final LearnedRoute LAB = new LearnedRoute("10.2.0.0/16", List.of(65001L), List.of(), null);

    @Test
    void keepsEachSitesLastReportAcrossRestarts() {
        BgpSessionStore store = new BgpSessionStore(db);
        assertThat(store.all()).isEmpty();
        StoredSession berlin = new StoredSession(BERLIN, "fra", SessionState.ESTABLISHED, List.of(OFFICE, LAB), List.of("10.1.0.0/16"), null, T0);
        StoredSession paris = new StoredSession(PARIS, "par", SessionState.IDLE, List.of(), List.of(), "hold timer expired", T0);
        store.save(berlin);
        store.save(paris);
        StoredSession berlinLater = new StoredSession(BERLIN, "fra", SessionState.ESTABLISHED, List.of(OFFICE, LAB),
                List.of("10.1.0.0/16", "10.2.0.0/16"), null, T0.plusSeconds(30));
        store.save(berlinLater);

        assertThat(new BgpSessionStore(reopen()).all()).containsExactlyInAnyOrder(berlinLater, paris);
    }

    @Test
    void forgetsADeletedSite() {
        BgpSessionStore store = new BgpSessionStore(db);
        StoredSession berlin = new StoredSession(BERLIN, "fra", SessionState.ESTABLISHED, List.of(OFFICE), List.of("10.1.0.0/16"), null, T0);
        store.save(berlin);
        store.save(new StoredSession(PARIS, "par", SessionState.CONNECT, List.of(), List.of(), null, T0));
        store.delete(PARIS);
        store.delete(new ResourceKey(Kind.ATTACHMENT, "acme", "never-reported"));
        assertThat(store.all()).containsExactly(berlin);
    }
}

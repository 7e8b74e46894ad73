package dev.galactic.controller.store;

import dev.galactic.controller.store.WebhookDeliveryStore.Attempt;
import dev.galactic.controller.store.WebhookDeliveryStore.Delivery;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookDeliveryStoreTest extends OnBothDatabases {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final ResourceKey OPS = new ResourceKey(Kind.WEBHOOK, null, "pager");
    static final ResourceKey ACME = new ResourceKey(Kind.WEBHOOK, "acme", "pager");

    static Attempt attempt(ResourceKey hook, long seq, int number, String outcome, String error) {
        return new Attempt(hook, seq, "sla.violation", number, error == null ? 204 : 503, outcome, error, T0.plusSeconds(seq * 10 + number));
    }

    @Test
    void logsAttemptsPerWebhookNewestFirst() {
        WebhookDeliveryStore store = new WebhookDeliveryStore(db);
        Delivery first = store.append(attempt(OPS, 1, 1, "retrying", "the receiver answered 503"));
        Delivery second = store.append(attempt(OPS, 1, 2, "delivered", null));
        Delivery tenants = store.append(attempt(ACME, 1, 1, "delivered", null));
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(tenants.id()).isGreaterThan(second.id());

        // the operator's webhook and a tenant's of the same name are two logs
        assertThat(store.newest(OPS, 10)).containsExactly(second, first);
        assertThat(store.newest(ACME, 10)).containsExactly(tenants);
        assertThat(store.newest(OPS, 1)).containsExactly(second);
        assertThat(store.newest(new ResourceKey(Kind.WEBHOOK, "acme", "other"), 10)).isEmpty();
    }

    @Test
    void idsKeepGrowingAcrossRestarts() {
        Delivery before = new WebhookDeliveryStore(db).append(attempt(ACME, 1, 1, "delivered", null));
        WebhookDeliveryStore reopened = new WebhookDeliveryStore(reopen());
        Delivery after = reopened.append(attempt(ACME, 2, 1, "delivered", null));
        assertThat(after.id()).isGreaterThan(before.id());
        assertThat(reopened.newest(ACME, 10)).containsExactly(after, before);
    }

    @Test
    void cutsALongErrorToWhatTheColumnHolds() {
        WebhookDeliveryStore store = new WebhookDeliveryStore(db);
        String long_ = "x".repeat(WebhookDeliveryStore.ERROR_LENGTH + 100);
        Delivery logged = store.append(attempt(ACME, 1, 6, "failed", long_));
        assertThat(logged.attempt().error()).hasSize(WebhookDeliveryStore.ERROR_LENGTH);
        assertThat(store.newest(ACME, 1)).containsExactly(logged);
    }
}

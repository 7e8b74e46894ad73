package dev.galactic.controller.store;

import dev.galactic.core.sla.SlaMonitor.Bucket;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlaComplianceStoreTest extends OnBothDatabases {

    static final long H = 3_600_000_000_000L;

    @Test
    void bucketsSurviveAReopenAChangedOneIsReplacedAndOldOnesAreForgotten() {
        SlaComplianceStore store = new SlaComplianceStore(db);
        Bucket gold = new Bucket("acme", "gold", 490_000, H, H / 2, H);
        Bucket silver = new Bucket("acme", "silver", 490_000, H, H, H);
        Bucket old = new Bucket("globex", "gold", 480_000, H, 0, H);
        store.save(List.of(gold, silver, old), 0);
        Bucket goldLater = new Bucket("acme", "gold", 490_000, 2 * H, H, H);
        Bucket next = new Bucket("acme", "gold", 490_001, H / 4, H / 4, H / 4);
        store.save(List.of(goldLater, next), 485_000);
        assertThat(new SlaComplianceStore(reopen()).load()).containsExactly(goldLater, next, silver);
    }
}

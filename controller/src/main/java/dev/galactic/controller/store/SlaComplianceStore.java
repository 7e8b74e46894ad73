package dev.galactic.controller.store;

import dev.galactic.core.sla.SlaMonitor.Bucket;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/** The SLA monitor's compliance history by tenant, class and bucket, kept across restarts. */
public final class SlaComplianceStore {

    private final Jdbi jdbi;

    public SlaComplianceStore(Database db) {
        this.jdbi = db.jdbi();
    }

    public List<Bucket> load() {
        return jdbi.withHandle(h -> h.createQuery("SELECT tenant, traffic_class, epoch, observed, compliant, covered FROM sla_compliance ORDER BY tenant, traffic_class, epoch")
                .map((rs, ctx) -> new Bucket(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)))
                .list());
    }

    /** Writes the buckets that changed and forgets those before {@code oldestEpoch}, in one transaction. */
    public void save(List<Bucket> changed, long oldestEpoch) {
        jdbi.useTransaction(h -> {
            for (Bucket b : changed) {
                h.createUpdate("DELETE FROM sla_compliance WHERE tenant = ? AND traffic_class = ? AND epoch = ?")
                        .bind(0, b.tenant()).bind(1, b.trafficClass()).bind(2, b.epoch()).execute();
                h.createUpdate("INSERT INTO sla_compliance (tenant, traffic_class, epoch, observed, compliant, covered) VALUES (?, ?, ?, ?, ?, ?)")
                        .bind(0, b.tenant()).bind(1, b.trafficClass()).bind(2, b.epoch()).bind(3, b.observedNanos())
                        .bind(4, b.compliantNanos()).bind(5, b.coveredNanos()).execute();
            }
            h.createUpdate("DELETE FROM sla_compliance WHERE epoch < ?").bind(0, oldestEpoch).execute();
        });
    }
}

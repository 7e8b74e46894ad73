package dev.galactic.controller.store;

import dev.galactic.core.sid.SidAllocator.Allocation;
import org.jdbi.v3.core.Jdbi;

import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The small integer ids behind SIDs, per scope. Rows outlive their owners (released) so an id
 * is not handed to a newcomer while stale routes may still point at it.
 */
public final class SidAllocationStore {

    /** NODE: locators; TENANT: table numbers and ASNs; VPC: decapsulation SIDs (each VPC its own routing domain). */
    public enum Scope { NODE, TENANT, VPC }

    private final Jdbi jdbi;

    public SidAllocationStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /**
     * Replaces a scope's allocations with what {@code reallocate} makes of the stored ones, in one
     * transaction: the rewrite commits together with the read it was computed from. Returns the
     * allocations as they now stand; nothing is written when they did not change.
     */
    public List<Allocation> update(Scope scope, UnaryOperator<List<Allocation>> reallocate) {
        return jdbi.inTransaction(h -> {
            List<Allocation> before = h.createQuery("SELECT name, id, released, released_order FROM sid_allocations WHERE scope = ?")
                    .bind(0, scope.name())
                    .map((rs, ctx) -> new Allocation(rs.getString(1), rs.getInt(2), rs.getInt(3) != 0, rs.getLong(4)))
                    .list();
            List<Allocation> after = reallocate.apply(before);
            if (!after.equals(before.stream().sorted(Comparator.comparing(Allocation::name)).toList())) {
                h.createUpdate("DELETE FROM sid_allocations WHERE scope = ?").bind(0, scope.name()).execute();
                var batch = h.prepareBatch("INSERT INTO sid_allocations (scope, name, id, released, released_order) VALUES (?, ?, ?, ?, ?)");
                for (Allocation a : after) {
                    batch.bind(0, scope.name()).bind(1, a.name()).bind(2, a.id()).bind(3, a.released() ? 1 : 0).bind(4, a.releasedOrder()).add();
                }
                batch.execute();
            }
            return after;
        });
    }
}

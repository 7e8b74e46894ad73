package dev.galactic.controller.store;

import dev.galactic.core.sid.SidAllocator.Allocation;
import dev.galactic.core.sid.SidPlan.Scope;
import org.jdbi.v3.core.Jdbi;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The small integer ids behind SIDs, per scope, kept so that a restarted controller derives the
 * same SID plan. Rows outlive their owners (released) so an id is not handed to a newcomer while
 * stale routes may still point at it.
 */
public final class SidAllocationStore {

    private final Jdbi jdbi;

    public SidAllocationStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** Every scope's stored allocations, in name order. */
    public Map<Scope, List<Allocation>> load() {
        Map<Scope, List<Allocation>> out = new EnumMap<>(Scope.class);
        jdbi.useHandle(h -> {
            for (Scope scope : Scope.values()) {
                out.put(scope, h.createQuery("SELECT name, id, released, released_order FROM sid_allocations WHERE scope = ?")
                        .bind(0, scope.name())
                        .map((rs, ctx) -> new Allocation(rs.getString(1), rs.getInt(2), rs.getInt(3) != 0, rs.getLong(4)))
                        .list().stream().sorted(Comparator.comparing(Allocation::name)).toList());
            }
        });
        return out;
    }

    /** Replaces the scopes whose allocations differ from {@code before} with {@code after}'s, in one transaction. */
    public void save(Map<Scope, List<Allocation>> before, Map<Scope, List<Allocation>> after) {
        jdbi.useTransaction(h -> {
            for (Scope scope : Scope.values()) {
                List<Allocation> now = after.getOrDefault(scope, List.of());
                if (now.equals(before.getOrDefault(scope, List.of()))) continue;
                h.createUpdate("DELETE FROM sid_allocations WHERE scope = ?").bind(0, scope.name()).execute();
                var batch = h.prepareBatch("INSERT INTO sid_allocations (scope, name, id, released, released_order) VALUES (?, ?, ?, ?, ?)");
                for (Allocation a : now) {
                    batch.bind(0, scope.name()).bind(1, a.name()).bind(2, a.id()).bind(3, a.released() ? 1 : 0).bind(4, a.releasedOrder()).add();
                }
                if (!now.isEmpty()) batch.execute();
            }
        });
    }
}

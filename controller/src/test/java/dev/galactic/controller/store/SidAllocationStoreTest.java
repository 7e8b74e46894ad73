package dev.galactic.controller.store;

import dev.galactic.core.sid.SidAllocator.Allocation;
import dev.galactic.core.sid.SidPlan.Scope;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SidAllocationStoreTest extends OnBothDatabases {

    static final Allocation FRA = new Allocation("fra", 1, false, 0);
    static final Allocation AMS = new Allocation("ams", 2, true, 7);

    @Test
    void keepsEachScopesAllocationsAcrossRestarts() {
        SidAllocationStore store = new SidAllocationStore(db);
        assertThat(store.load()).containsEntry(Scope.NODE, List.of());
        store.save(Map.of(), Map.of(Scope.NODE, List.of(AMS, FRA), Scope.TENANT, List.of(new Allocation("acme", 1, false, 0))));

        Map<Scope, List<Allocation>> reopened = new SidAllocationStore(reopen()).load();
        // a released id comes back released, with its place in the order of release
        assertThat(reopened.get(Scope.NODE)).containsExactly(AMS, FRA);
        assertThat(reopened.get(Scope.TENANT)).containsExactly(new Allocation("acme", 1, false, 0));
        assertThat(reopened.get(Scope.VPC)).isEmpty();
    }

    @Test
    void replacesAScopeWholeAndLeavesTheUnchangedOnes() {
        SidAllocationStore store = new SidAllocationStore(db);
        Map<Scope, List<Allocation>> first = Map.of(Scope.NODE, List.of(AMS, FRA), Scope.TENANT, List.of(FRA));
        store.save(Map.of(), first);
        Allocation par = new Allocation("par", 3, false, 0);
        // "before" says TENANT is unchanged, so it is not rewritten even though "after" leaves it out
        store.save(Map.of(Scope.NODE, List.of(AMS, FRA), Scope.TENANT, List.of()), Map.of(Scope.NODE, List.of(par)));
        assertThat(store.load().get(Scope.NODE)).containsExactly(par);
        assertThat(store.load().get(Scope.TENANT)).containsExactly(FRA);
    }

    @Test
    void aFailedSaveLeavesTheStoredOnes() {
        SidAllocationStore store = new SidAllocationStore(db);
        store.save(Map.of(), Map.of(Scope.NODE, List.of(AMS, FRA)));
        // two rows with one id break the table's uniqueness: the delete before them must roll back too
        assertThatThrownBy(() -> store.save(Map.of(), Map.of(Scope.TENANT, List.of(FRA), Scope.NODE,
                List.of(new Allocation("x", 9, false, 0), new Allocation("y", 9, false, 0)))));
        assertThat(store.load().get(Scope.NODE)).containsExactly(AMS, FRA);
        assertThat(store.load().get(Scope.TENANT)).isEmpty();
    }
}

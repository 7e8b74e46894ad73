package dev.galactic.controller.store;

import dev.galactic.controller.store.SidAllocationStore.Scope;
import dev.galactic.core.sid.SidAllocator.Allocation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SidAllocationStoreTest extends OnBothDatabases {

    static final Allocation FRA = new Allocation("fra", 1, false, 0);
    static final Allocation AMS = new Allocation("ams", 2, true, 7);

    @Test
    void keepsEachScopesAllocationsAcrossRestarts() {
        SidAllocationStore store = new SidAllocationStore(db);
        assertThat(store.update(Scope.NODE, before -> {
            assertThat(before).isEmpty();
            return List.of(AMS, FRA);
        })).containsExactly(AMS, FRA);
        store.update(Scope.TENANT, before -> List.of(new Allocation("acme", 1, false, 0)));

        SidAllocationStore reopened = new SidAllocationStore(reopen());
        // a released id comes back released, with its place in the order of release
        assertThat(reopened.update(Scope.NODE, before -> before)).containsExactlyInAnyOrder(AMS, FRA);
        assertThat(reopened.update(Scope.TENANT, before -> before)).containsExactly(new Allocation("acme", 1, false, 0));
        assertThat(reopened.update(Scope.VPC, before -> before)).isEmpty();
    }

    @Test
    void replacesAScopeWhole() {
        SidAllocationStore store = new SidAllocationStore(db);
        store.update(Scope.NODE, before -> List.of(AMS, FRA));
        Allocation par = new Allocation("par", 3, false, 0);
        store.update(Scope.NODE, before -> List.of(par));
        assertThat(store.update(Scope.NODE, before -> before)).containsExactly(par);
    }

    @Test
    void aFailedReallocationLeavesTheStoredOnes() {
        SidAllocationStore store = new SidAllocationStore(db);
        store.update(Scope.NODE, before -> List.of(AMS, FRA));
        assertThatThrownBy(() -> store.update(Scope.NODE, before -> {
            throw new IllegalStateException("no ids left");
        })).hasMessageContaining("no ids left");
        // two rows with one id break the table's uniqueness: the delete before them must roll back too
        assertThatThrownBy(() -> store.update(Scope.NODE, before -> List.of(new Allocation("x", 9, false, 0), new Allocation("y", 9, false, 0))));
        assertThat(store.update(Scope.NODE, before -> before)).containsExactlyInAnyOrder(AMS, FRA);
    }
}

package dev.galactic.core.pce;

import dev.galactic.core.model.TrafficClassSpec.Mode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.galactic.core.pce.Fixtures.cls;
import static dev.galactic.core.pce.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

/** The reverse index on the diamond of {@link PceScenarioTest}, with demands whose reads are set by hand. */
class DependencyIndexTest {

    final Network g = PceScenarioTest.net(Map.of());
    final TenantIntent tenant = intent("t", PceScenarioTest.PLAIN, Map.of("s1", "e1", "s2", "e2"),
            Map.of("k", cls(Mode.LOWEST_LATENCY, null, null, null, null)));
    final TenantView view = TenantView.of(g, tenant);
    final TrafficClass k = TrafficClass.of("k", tenant.classes().get("k"));
    final Weights w = Weights.compute(g, k, k.objective(), 0);
    final Forest forest = new Forest(0, new Forest.Key(w.key, ""), w, null, g.coreCount());

    int node(String name) { return g.node(name).orElseThrow(); }

    int link(String from, String to) { return g.findLink(null, from, to).orElseThrow(); }

    Demand demand() {
        return new Demand(view, tenant, k, "s1", "s2", view.node("s1"), view.node("s2"), new Deps());
    }

    /** Records a solve that read the given links, cores of {@link #forest} and edges; global marks an exact search. */
    static void read(Demand d, int[] links, int[] cores, Forest f, int[] edges, boolean global) {
        d.deps().reset(new Deps.Reading());
        for (int l : links) d.deps().readLink(l);
        if (f != null) d.deps().useForest(f);
        for (int c : cores) d.deps().touchCore(c);
        for (int e : edges) d.deps().touchEdge(e);
        d.deps().global = global;
        d.deps().seal();
    }

    @Test
    void aDemandFiledUnderSeveralKeysOfALinkIsACandidateOnce() {
        Demand a = demand(), b = demand();
        int up = link("e1", "a");
        read(a, new int[]{up, link("a", "c")}, new int[0], null, new int[]{node("e1"), node("e2")}, false);
        read(b, new int[]{link("b", "d")}, new int[0], null, new int[]{node("e3")}, false);
        DependencyIndex index = new DependencyIndex(g, List.of(a, b));
        index.fileAll(false);
        // a is filed under the link and under its end e1
        assertThat(index.candidates(g, up, List.of(), true)).containsExactly(a);
        assertThat(index.candidates(g, link("b", "d"), List.of(), true)).containsExactly(b);
        assertThat(index.candidates(g, link("c", "d"), List.of(), true)).isEmpty();
    }

    @Test
    void treeEntriesCountOnlyWhereTheUpdateChangedTheTree() {
        Demand a = demand(), b = demand();
        read(a, new int[0], new int[]{node("a"), node("d")}, forest, new int[0], false);
        read(b, new int[0], new int[]{node("b")}, forest, new int[0], false);
        DependencyIndex index = new DependencyIndex(g, List.of(a, b));
        index.fileAll(true);
        int unrelated = link("c", "d");
        forest.changes = new boolean[g.coreCount()][];
        assertThat(index.candidates(g, unrelated, List.of(forest), true)).isEmpty();
        forest.changes[node("a")] = new boolean[g.coreCount()];
        assertThat(index.candidates(g, unrelated, List.of(forest), true)).containsExactly(a);
        forest.changes[node("b")] = new boolean[g.coreCount()];
        assertThat(index.candidates(g, unrelated, List.of(forest), true)).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void exactSearchesAreCandidatesOfImprovementsOnly() {
        Demand a = demand();
        read(a, new int[0], new int[0], null, new int[0], true);
        DependencyIndex index = new DependencyIndex(g, List.of(a));
        index.fileAll(false);
        int l = link("c", "d");
        assertThat(index.candidates(g, l, List.of(), true)).isEmpty();
        assertThat(index.candidates(g, l, List.of(), false)).containsExactly(a);
    }

    @Test
    void aResolvedDemandIsFiledUnderWhatItReadsNowAndNotAgainUnderTheRest() {
        Demand a = demand();
        int kept = link("e1", "a"), added = link("a", "b");
        read(a, new int[]{kept}, new int[0], null, new int[]{node("e1")}, false);
        DependencyIndex index = new DependencyIndex(g, List.of(a));
        index.fileAll(false);
        long before = index.entries();
        Deps was = a.deps().snapshot();
        read(a, new int[]{kept, added}, new int[0], null, new int[]{node("e1")}, false);
        index.refile(a, was);
        assertThat(index.entries()).isEqualTo(before + 1);
        assertThat(index.candidates(g, added, List.of(), true)).containsExactly(a);
    }

    @Test
    void staleEntriesGoAtTheRebuild() {
        Demand a = demand();
        int x = link("a", "b"), y = link("b", "d");
        read(a, new int[]{x}, new int[0], null, new int[0], false);
        DependencyIndex index = new DependencyIndex(g, List.of(a));
        index.fileAll(false);
        // Every re-solve alternates between two links, so every refile files one entry more; the
        // index is rebuilt once they pass 3 x (1 live entry) + 10,000.
        long last = 0;
        for (int i = 0; i < 10_003; i++) {
            Deps was = a.deps().snapshot();
            read(a, new int[]{i % 2 == 0 ? y : x}, new int[0], null, new int[0], false);
            index.refile(a, was);
            last = index.entries();
            index.rebuildIfStale();
            if (i < 10_002) assertThat(index.entries()).isEqualTo(last);
        }
        assertThat(last).isEqualTo(10_004);
        assertThat(index.entries()).isEqualTo(1); // rebuilt: only what a reads now
        assertThat(index.candidates(g, x, List.of(), true)).isEmpty();
        assertThat(index.candidates(g, y, List.of(), true)).containsExactly(a);
    }
}

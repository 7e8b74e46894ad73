package dev.galactic.core.pce;

import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.model.TrafficClassSpec.Mode;

import java.util.List;
import java.util.Map;

import static dev.galactic.core.pce.Fixtures.cls;
import static dev.galactic.core.pce.Fixtures.intent;
import static dev.galactic.core.pce.Fixtures.vpc;

/** The diamond of {@link PceScenarioTest} with a tree cache over it: what the cache tests start from. */
abstract class DiamondFixture {

    Network g = PceScenarioTest.net(Map.of());
    final Counters counters = new Counters();
    final TreeCache trees = new TreeCache(g, counters);

    /** A tenant with sites on e1 and e2 and one lowest-latency class, avoiding {@code avoid}. */
    TenantView view(List<String> avoid) {
        return TenantView.of(g, intent("t", vpc(List.of(), avoid, List.of(), null), Map.of("s1", "e1", "s2", "e2"),
                Map.of("k", cls(Mode.LOWEST_LATENCY, null, null, null, null))));
    }

    Weights weights(TrafficClassSpec spec) {
        TrafficClass c = TrafficClass.of("k", spec);
        return trees.weights(c, c.objective(), 0);
    }

    int node(String name) { return g.node(name).orElseThrow(); }

    long count(Pce.Counter c) { return counters.sums().get(c); }
}

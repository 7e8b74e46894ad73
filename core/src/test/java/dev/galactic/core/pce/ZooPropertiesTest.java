package dev.galactic.core.pce;

import dev.galactic.core.topology.GraphMlImport;
import dev.galactic.core.topology.TopologyZoo;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine against the oracle on real backbones from the Internet Topology Zoo. */
class ZooPropertiesTest {

    /** Every seventh network of up to 80 nodes: a few dozen real topologies of varied shape. */
    @Provide
    Arbitrary<String> zooNetworks() {
        List<String> names = new ArrayList<>();
        int i = 0;
        for (var e : TopologyZoo.all().entrySet()) {
            int nodes = GraphMlImport.parse(e.getValue(), "").nodes().size();
            if (nodes >= 4 && nodes <= 80 && i++ % 7 == 0) names.add(e.getKey());
        }
        return Arbitraries.of(names);
    }

    static Scenario scenario(String name, long salt) {
        GraphMlImport.Result imported = GraphMlImport.parse(TopologyZoo.all().get(name), "");
        Random rnd = new Random(name.hashCode() * 31L + salt);
        return Scenario.withEdgesAndTenants(imported.nodes(), imported.links(), 0, rnd);
    }

    @Property(tries = 30)
    void optimalOnRealTopologies(@ForAll("zooNetworks") String name, @ForAll long salt) {
        Scenario sc = scenario(name, salt);
        OracleCheck.checkAll(sc, Pce.compute(sc.network(), sc.intents()).results());
    }

    @Property(tries = 20)
    void incrementalEqualsFullOnRealTopologies(@ForAll("zooNetworks") String name, @ForAll long salt) {
        Scenario sc = scenario(name, salt);
        Pce pce = Pce.compute(sc.network(), sc.intents());
        Random rnd = new Random(salt);
        for (int step = 0; step < 5; step++) {
            Network g = pce.network();
            // Core links carry the shared trees: change those most of the time.
            int l = rnd.nextInt(g.linkCount());
            pce.update(Scenario.randomState(g, l, rnd), Freshness.IGNORE);
            assertThat(pce.results()).as(name + " step " + step).isEqualTo(Pce.compute(pce.network(), sc.intents()).results());
        }
    }

}

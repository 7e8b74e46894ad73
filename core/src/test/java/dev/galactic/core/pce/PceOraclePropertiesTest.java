package dev.galactic.core.pce;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The engine against the JGraphT oracle on generated networks. */
class PceOraclePropertiesTest {

    @Property(tries = 150)
    void everyResultIsValidOptimalAndHonest(@ForAll long seed) {
        Scenario sc = Scenario.random(seed);
        Pce pce = Pce.compute(sc.network(), sc.intents());
        OracleCheck.checkAll(sc, pce.results());
    }

    @Property(tries = 60)
    void incrementalEqualsFullRecompute(@ForAll long seed) {
        Scenario sc = Scenario.random(seed);
        Pce pce = Pce.compute(sc.network(), sc.intents());
        java.util.Random rnd = new java.util.Random(seed ^ 0x5DEECE66DL);
        for (int step = 0; step < 12; step++) {
            Network g = pce.network();
            int l = rnd.nextInt(g.linkCount());
            double bw = g.bandwidthMbps(l) == Double.POSITIVE_INFINITY ? 1e6 : g.bandwidthMbps(l);
            LinkState s = switch (step % 4) {
                // pure degradation: the exact-search results rely on these leaving them alone
                case 3 -> new LinkState(g.linkName(l), g.nodeName(g.src(l)), g.nodeName(g.dst(l)), g.latencyMs(l) * (1 + rnd.nextInt(3)),
                        g.jitterMs(l) + rnd.nextInt(3), Math.min(100, g.lossFraction(l) * 100 + rnd.nextInt(2)), bw / (1 + rnd.nextInt(3)),
                        g.isUp(l) && rnd.nextInt(4) > 0, Fixtures.T0);
                // flip up/down
                case 2 -> new LinkState(g.linkName(l), g.nodeName(g.src(l)), g.nodeName(g.dst(l)), g.latencyMs(l), g.jitterMs(l),
                        g.lossFraction(l) * 100, bw, !g.isUp(l), Fixtures.T0);
                // only jitter and loss move: no tree changes, but paths' metrics and budgets do
                case 1 -> new LinkState(g.linkName(l), g.nodeName(g.src(l)), g.nodeName(g.dst(l)), g.latencyMs(l),
                        rnd.nextInt(800) / 100.0, rnd.nextInt(4) == 0 ? rnd.nextInt(300) / 100.0 : 0, bw, g.isUp(l), Fixtures.T0);
                default -> Scenario.randomState(g, l, rnd);
            };
            List<PathResult> before = pce.results();
            List<PathResult> changed = pce.update(s, Freshness.IGNORE);
            Pce full = Pce.compute(pce.network(), sc.intents());
            assertThat(pce.results()).as("step %d, link %s", step, g.describeLink(l)).isEqualTo(full.results());
            Set<PathResult> diff = new HashSet<>(pce.results());
            diff.removeAll(before);
            assertThat(new HashSet<>(changed)).isEqualTo(diff);
        }
    }

    @Property(tries = 40)
    void outputIsDeterministic(@ForAll long seed) {
        Scenario sc = Scenario.random(seed);
        String a = PceJson.write(Pce.compute(sc.network(), sc.intents()).results());
        List<dev.galactic.core.model.Resource> nodes = new java.util.ArrayList<>(sc.nodes());
        List<dev.galactic.core.model.Resource> links = new java.util.ArrayList<>(sc.links());
        List<LinkState> states = new java.util.ArrayList<>(sc.states());
        java.util.Collections.shuffle(nodes, new java.util.Random(seed));
        java.util.Collections.shuffle(links, new java.util.Random(seed + 1));
        java.util.Collections.shuffle(states, new java.util.Random(seed + 2));
        List<TenantIntent> intents = new java.util.ArrayList<>(sc.intents());
        java.util.Collections.reverse(intents);
        String b = PceJson.write(Pce.compute(Network.build(nodes, links, states, Freshness.IGNORE), intents).results());
        assertThat(b).isEqualTo(a);
    }
}

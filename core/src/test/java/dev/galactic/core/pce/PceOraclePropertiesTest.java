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

    /** A seed where only the slower of two parallel links keeps a path within its jitter budget (the oracle once missed it). */
    @net.jqwik.api.Example
    void parallelLinksWithDifferentJitterAreBothConsidered() {
        everyResultIsValidOptimalAndHonest(-219378L);
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
            LinkReading s = switch (step % 4) {
                // pure degradation: the exact-search results rely on these leaving them alone
                case 3 -> Fixtures.reading(g.linkName(l), g.nodeName(g.src(l)), g.nodeName(g.dst(l)), g.latencyMs(l) * (1 + rnd.nextInt(3)),
                        g.jitterMs(l) + rnd.nextInt(3), Math.min(100, g.lossFraction(l) * 100 + rnd.nextInt(2)), bw / (1 + rnd.nextInt(3)),
                        g.isUp(l) && rnd.nextInt(4) > 0, Fixtures.T0);
                // flip up/down
                case 2 -> Fixtures.reading(g.linkName(l), g.nodeName(g.src(l)), g.nodeName(g.dst(l)), g.latencyMs(l), g.jitterMs(l),
                        g.lossFraction(l) * 100, bw, !g.isUp(l), Fixtures.T0);
                // only jitter and loss move: no tree changes, but paths' metrics and budgets do
                case 1 -> Fixtures.reading(g.linkName(l), g.nodeName(g.src(l)), g.nodeName(g.dst(l)), g.latencyMs(l),
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

    /**
     * Budget-bound classes force the exact search; improvements and degradations of core links
     * then exercise the rule that lets a degradation skip exact-search results.
     */
    @Property(tries = 40)
    void incrementalEqualsFullWhenExactSearchesDominate(@ForAll long seed) {
        Scenario base = Scenario.random(seed);
        java.util.Random rnd = new java.util.Random(seed * 31 + 7);
        List<TenantIntent> tight = new java.util.ArrayList<>();
        for (TenantIntent t : base.intents()) {
            java.util.SortedMap<String, dev.galactic.core.model.TrafficClassSpec> classes = new java.util.TreeMap<>();
            t.classes().forEach((name, c) -> classes.put(name, new dev.galactic.core.model.TrafficClassSpec(
                    rnd.nextBoolean() ? dev.galactic.core.model.TrafficClassSpec.Mode.LOWEST_COST
                            : dev.galactic.core.model.TrafficClassSpec.Mode.LOWEST_LATENCY,
                    new dev.galactic.core.model.TrafficClassSpec.Thresholds(15.0 + rnd.nextInt(40), 2.0 + rnd.nextInt(6),
                            0.5 + rnd.nextInt(4), null), null, null, c.fallback())));
            tight.add(new TenantIntent(t.tenant(), t.vpc(), t.spec(), t.attachments(), classes));
        }
        Scenario sc = new Scenario(base.nodes(), base.links(), base.states(), tight);
        Pce pce = Pce.compute(sc.network(), sc.intents());
        for (int step = 0; step < 12; step++) {
            Network g = pce.network();
            int l = rnd.nextInt(g.linkCount());
            double bw = g.bandwidthMbps(l) == Double.POSITIVE_INFINITY ? 1e6 : g.bandwidthMbps(l);
            boolean better = step % 2 == 0;
            double f = better ? 0.3 + rnd.nextDouble() * 0.6 : 1.2 + rnd.nextDouble();
            LinkReading s = Fixtures.reading(g.linkName(l), g.nodeName(g.src(l)), g.nodeName(g.dst(l)), g.latencyMs(l) * f,
                    better ? g.jitterMs(l) / 2 : g.jitterMs(l) + 1, better ? 0 : g.lossFraction(l) * 100 + 0.5, bw,
                    better || g.isUp(l), Fixtures.T0);
            pce.update(s, Freshness.IGNORE);
            assertThat(pce.results()).as("step %d %s", step, g.describeLink(l)).isEqualTo(Pce.compute(pce.network(), sc.intents()).results());
        }
    }

    @Property(tries = 40)
    void outputIsDeterministic(@ForAll long seed) {
        Scenario sc = Scenario.random(seed);
        String a = PceJson.write(Pce.compute(sc.network(), sc.intents()).results());
        List<dev.galactic.core.model.Resource> nodes = new java.util.ArrayList<>(sc.nodes());
        List<dev.galactic.core.model.Resource> links = new java.util.ArrayList<>(sc.links());
        List<LinkReading> states = new java.util.ArrayList<>(sc.states());
        java.util.Collections.shuffle(nodes, new java.util.Random(seed));
        java.util.Collections.shuffle(links, new java.util.Random(seed + 1));
        java.util.Collections.shuffle(states, new java.util.Random(seed + 2));
        List<TenantIntent> intents = new java.util.ArrayList<>(sc.intents());
        java.util.Collections.reverse(intents);
        String b = PceJson.write(Pce.compute(Network.build(nodes, links, states, Freshness.IGNORE), intents).results());
        assertThat(b).isEqualTo(a);
    }
}

package dev.galactic.bench;

import dev.galactic.core.pce.Freshness;
import dev.galactic.core.pce.Network;
import dev.galactic.core.pce.Pce;
import org.jgrapht.Graph;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DirectedWeightedPseudograph;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * JMH benchmarks of the PCE's hot loops. Run:
 * {@code java -cp <bench classpath> org.openjdk.jmh.Main PceJmh -p scenario=S}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PceJmh {

    @Param({"S"})
    public String scenario;

    private BenchNetwork net;
    private Pce pce;
    private int link;
    private boolean slow;
    private Graph<Integer, Integer> jgrapht;

    @Setup(Level.Trial)
    public void setUp() {
        net = BenchNetwork.generate(scenario, 42);
        pce = Pce.compute(net.network(), net.intents());
        Network g = net.network();
        for (int l = 0; l < g.linkCount(); l++) {
            if (g.isCore(g.src(l)) && g.isCore(g.dst(l))) { link = l; break; }
        }
        jgrapht = new DirectedWeightedPseudograph<>(null, null);
        for (int v = 0; v < g.nodeCount(); v++) if (g.isCore(v)) jgrapht.addVertex(v);
        for (int l = 0; l < g.linkCount(); l++) {
            if (g.isCore(g.src(l)) && g.isCore(g.dst(l))) {
                jgrapht.addEdge(g.src(l), g.dst(l), l);
                jgrapht.setEdgeWeight(l, g.latencyMs(l));
            }
        }
    }

    /** Every tenant's paths from scratch (shared core trees, composition, backups, explanations), tenants in parallel. */
    @Benchmark
    public void fullCompute(Blackhole bh) {
        bh.consume(Pce.compute(net.network(), net.intents()).results());
    }

    /** The same on the calling thread only. */
    @Benchmark
    public void fullComputeOneThread(Blackhole bh) {
        bh.consume(Pce.compute(net.network(), net.intents(), false).results());
    }

    /** One core link alternates between 3x slower and normal; each call is one incremental update. */
    @Benchmark
    public void incrementalUpdate(Blackhole bh) {
        Network g = pce.network();
        slow = !slow;
        double base = net.network().latencyMs(link);
        bh.consume(pce.update(BenchNetwork.reading(g, link, slow ? base * 3 : base, g.jitterMs(link), g.lossFraction(link) * 100,
                g.bandwidthMbps(link), true), Freshness.IGNORE));
    }

    /** The reference hot loop: JGraphT Dijkstra from every core over the same core graph. */
    @Benchmark
    public void jgraphtAllCoreTrees(Blackhole bh) {
        DijkstraShortestPath<Integer, Integer> d = new DijkstraShortestPath<>(jgrapht);
        for (int v : jgrapht.vertexSet()) bh.consume(d.getPaths(v));
    }
}

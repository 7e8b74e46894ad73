package dev.galactic.core.pce;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Objects;

/**
 * A computed path with what it is predicted to deliver and why it was chosen.
 *
 * <p>A value: equality, hash and JSON are those of its six properties. The engine's paths name
 * their hops through views over link indices and render their explanation on first read
 * (which is deterministic, so the text is the same whenever it is read): at L a full compute
 * returns ~336,000 paths, most of whose explanations nobody reads, and writing them all out was
 * a fifth of the compute and a third of the heap the results kept.
 */
@JsonPropertyOrder({"nodes", "links", "segments", "metrics", "why", "runnerUp"})
public final class Path extends Measured {

    /** Given lists (null for an engine path, whose lists are views made on each read). */
    private final List<String> nodes;
    private final List<String> links;
    private final List<String> segments;
    /** An engine path's link indices and the topology's names (null when the lists are given). */
    private final PathNames names;
    private final int[] hops;
    /** How the engine found it, to render {@link #why} on first read; null when given. */
    private final Route.How how;
    private final TrafficClass cls;
    private final int maxHops;
    /** Rendered once; a race renders the same text twice (a String is immutable, so safe to publish racily). */
    private String why;
    private final Alternative runnerUp;

    /**
     * @param nodes every node from source to destination
     * @param links the Link resources crossed, in order
     * @param segments the SRv6 segment list: every node after the head-end (strict, hop by hop;
     *                 compressing it to the fewest SIDs is the renderer's job)
     * @param metrics predicted latency, jitter, loss, bandwidth, cost, hops
     * @param why why this path won
     * @param runnerUp the best alternative considered, and why it lost; null when none was
     */
    public Path(List<String> nodes, List<String> links, List<String> segments, PathMetrics metrics, String why,
                Alternative runnerUp) {
        this(List.copyOf(nodes), List.copyOf(links), List.copyOf(segments), null, null, metrics, Objects.requireNonNull(why), null,
                null, 0, runnerUp);
    }

    /** An engine path: names as views, explanation rendered on first read. */
    Path(PathNames names, int[] hops, PathMetrics metrics, Route.How how, TrafficClass cls, int maxHops, Alternative runnerUp) {
        this(null, null, null, names, hops, metrics, null, how, cls, maxHops, runnerUp);
    }

    private Path(List<String> nodes, List<String> links, List<String> segments, PathNames names, int[] hops, PathMetrics metrics,
                 String why, Route.How how, TrafficClass cls, int maxHops, Alternative runnerUp) {
        super(metrics);
        this.nodes = nodes;
        this.links = links;
        this.segments = segments;
        this.names = names;
        this.hops = hops;
        this.why = why;
        this.how = how;
        this.cls = cls;
        this.maxHops = maxHops;
        this.runnerUp = runnerUp;
        if (runnerUp != null) runnerUp.lostTo(this);
    }

    /** Every node from source to destination. */
    @JsonProperty public List<String> nodes() { return names == null ? nodes : names.nodesOf(hops); }

    /** The Link resources crossed, in order. */
    @JsonProperty public List<String> links() { return names == null ? links : names.linksOf(hops); }

    /** The SRv6 segment list: every node after the head-end. */
    @JsonProperty public List<String> segments() { return names == null ? segments : names.segmentsOf(hops); }

    @JsonProperty @Override public PathMetrics metrics() { return super.metrics(); }

    /** Why this path won. */
    @JsonProperty
    public String why() {
        String w = why;
        if (w == null) why = w = Explain.why(how, cls, metrics(), maxHops);
        return w;
    }

    /** The best alternative considered, and why it lost; null when none was. */
    @JsonProperty public Alternative runnerUp() { return runnerUp; }

    /** The same path and explanation with other metrics (for the stability check). */
    Path withMetrics(PathMetrics m, String newWhy) {
        // the runner-up stays bound to the path it lost to, so its text is the same as before
        return new Path(nodes, links, segments, names, hops, m, Objects.requireNonNull(newWhy), null, null, 0, runnerUp);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Path p)) return false;
        // Two engine paths over the same hops, found the same way under the same class, render
        // the same text: equal without rendering it (an update compares every result it redid).
        if (how != null && names == p.names && how == p.how && cls == p.cls && maxHops == p.maxHops
                && java.util.Arrays.equals(hops, p.hops) && sameMetrics(p) && Objects.equals(runnerUp, p.runnerUp)) {
            return true;
        }
        return nodes().equals(p.nodes()) && links().equals(p.links()) && segments().equals(p.segments())
                && sameMetrics(p) && why().equals(p.why()) && Objects.equals(runnerUp, p.runnerUp);
    }

    @Override
    public int hashCode() { return Objects.hash(nodes(), links(), segments(), metrics(), why(), runnerUp); }

    @Override
    public String toString() {
        return "Path[nodes=" + nodes() + ", links=" + links() + ", segments=" + segments() + ", metrics=" + metrics() + ", why=" + why()
                + ", runnerUp=" + runnerUp + "]";
    }

    /**
     * The best alternative that lost; like {@link Path}, a value whose explanation may be
     * rendered on first read. An engine alternative names its nodes through a view over its
     * link indices, made on read.
     */
    @JsonPropertyOrder({"nodes", "metrics", "whyLost"})
    public static final class Alternative extends Measured {
        /** Given nodes (null for an engine alternative). */
        private final List<String> nodes;
        /** An engine alternative's links and the topology's names (null when the nodes are given). */
        private final PathNames names;
        private final int[] hops;
        /** The class, and the path it lost to (bound by that path), to render {@link #whyLost} on first read; null when given. */
        private final TrafficClass cls;
        private Path winner;
        private String whyLost;

        /** @param whyLost how it compares with the winner */
        public Alternative(List<String> nodes, PathMetrics metrics, String whyLost) {
            this(List.copyOf(nodes), null, null, metrics, Objects.requireNonNull(whyLost), null);
        }

        /** An engine alternative that broke the class: its text names why, written at once. */
        Alternative(PathNames names, int[] hops, PathMetrics metrics, String whyLost) {
            this(null, names, hops, metrics, Objects.requireNonNull(whyLost), null);
        }

        /** An engine alternative that met the class and lost on the objective: its text compares the two scores. */
        Alternative(PathNames names, int[] hops, PathMetrics metrics, TrafficClass cls) {
            this(null, names, hops, metrics, null, Objects.requireNonNull(cls));
        }

        private Alternative(List<String> nodes, PathNames names, int[] hops, PathMetrics metrics, String whyLost, TrafficClass cls) {
            super(metrics);
            this.nodes = nodes;
            this.names = names;
            this.hops = hops;
            this.whyLost = whyLost;
            this.cls = cls;
        }

        /** Called by the path that beat it, before either is published; a later path (same route, other metrics) keeps the first. */
        void lostTo(Path p) {
            if (cls != null && winner == null) winner = p;
        }

        @JsonProperty public List<String> nodes() { return names == null ? nodes : names.nodesOf(hops); }

        @JsonProperty @Override public PathMetrics metrics() { return super.metrics(); }

        /** How it compares with the winner. */
        @JsonProperty
        public String whyLost() {
            String w = whyLost;
            if (w == null) whyLost = w = Explain.worse(cls, metrics(), winner.metrics());
            return w;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) return true;
            if (!(o instanceof Alternative a) || !sameMetrics(a)) return false;
            boolean sameNodes = names != null && names == a.names ? java.util.Arrays.equals(hops, a.hops) : nodes().equals(a.nodes());
            if (!sameNodes) return false;
            // the same comparison under the same class renders the same text
            if (winner != null && a.winner != null && cls == a.cls && winner.sameMetrics(a.winner)) return true;
            return whyLost().equals(a.whyLost());
        }

        @Override
        public int hashCode() { return Objects.hash(nodes(), metrics(), whyLost()); }

        @Override
        public String toString() { return "Alternative[nodes=" + nodes() + ", metrics=" + metrics() + ", whyLost=" + whyLost() + "]"; }
    }
}

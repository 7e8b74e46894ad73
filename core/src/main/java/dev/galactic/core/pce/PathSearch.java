package dev.galactic.core.pce;

/**
 * The template of the engine's searches: best-first over labels (a path's values at a node).
 * {@link #run} takes the next label and extends it over each out-link of its node in three
 * steps: {@link #prune} drops a link the search may not take, {@link #relax} extends the label
 * over the link (each value by its {@link Metric}), and {@link #feasible} says whether the
 * extension is worth keeping, which {@link #keep} then does.
 *
 * <p>{@link TreeSearch} fills it in: the shortest-path trees (additive weights), the widest trees
 * (concave) and the cores a tree repair recomputes. The exact search ({@link ConstrainedSearch},
 * for constrained primaries, widest floors and backups) takes the same steps written out in a
 * loop of its own: split into these methods it ran measurably slower, and as a second class here
 * it would slow every tree search too, since the JIT inlines the step calls below only for the
 * classes it has seen at them (docs/pce.md, "Structure").
 */
abstract class PathSearch {

    final Network g;

    PathSearch(Network g) { this.g = g; }

    /** Runs the search to its end. */
    final void run() {
        for (int label = next(); label >= 0; label = next()) {
            int v = node(label);
            for (int i = g.outStart(v), end = linksEnd(v); i < end; i++) {
                int l = g.outLink(i);
                if (prune(label, l)) continue;
                relax(label, l);
                if (feasible(label, l)) keep(label, l);
            }
        }
    }

    /** The next label to extend, or -1 when the search is done. */
    abstract int next();

    /** The node a label is at. */
    abstract int node(int label);

    /** The end of the run of v's out-links the search may take (they are in CSR order: by destination). */
    abstract int linksEnd(int v);

    /** Whether the label may not be extended over link l. */
    abstract boolean prune(int label, int l);

    /** Extends the label over link l, into the search's candidate. */
    abstract void relax(int label, int l);

    /** Whether the candidate {@link #relax} made is worth keeping. */
    abstract boolean feasible(int label, int l);

    /** Keeps the candidate. */
    abstract void keep(int label, int l);
}

package dev.galactic.core.pce;

/**
 * Per-thread scratch reused from demand to demand: the full compute solves ~170,000 demands
 * at L, and every array a solve throws away is work for the collector. Nothing in it
 * outlives the call that borrows it.
 */
final class Scratch {
    final ConstrainedSearch.Workspace search = new ConstrainedSearch.Workspace();
    /** What the demand being solved has read so far (see {@link Deps}). */
    final Deps.Reading reading = new Deps.Reading();
    /** The candidates of the demand being solved (reset per demand). */
    final Composition.Arena candidates = new Composition.Arena();
    private boolean[] nodeMask = new boolean[0];
    private int[] path = new int[64];
    private boolean[] linkMask = new boolean[0];

    /** A buffer for one path of at most {@code size} links, overwritten by the next borrower. */
    int[] pathBuffer(int size) {
        if (path.length < size) path = new int[Math.max(size, 2 * path.length)];
        return path;
    }

    /** An all-false mask of at least {@code size} nodes; the borrower clears what it sets. */
    boolean[] nodeMask(int size) {
        if (nodeMask.length < size) nodeMask = new boolean[size];
        return nodeMask;
    }

    /** An all-false mask of at least {@code size} links; the borrower clears what it sets. */
    boolean[] linkMask(int size) {
        if (linkMask.length < size) linkMask = new boolean[size];
        return linkMask;
    }
}

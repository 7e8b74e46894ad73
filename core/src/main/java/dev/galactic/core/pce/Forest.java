package dev.galactic.core.pce;

/** The trees of one class and exclusion set, computed per source on first use (lock: the slot's stripe). */
final class Forest {

    record Key(Weights.Key weights, String exclusions) {}

    /** Its place in the tree cache's creation order: demands name the forests they read by it. */
    final int id;
    final Key key;
    Weights w;
    final boolean[] blocked;
    /** Per source core; null until first used. */
    final ShortestPathTree[] trees;
    /** During an update only: per source core, which targets' labels or paths changed (null: none). */
    boolean[][] changes;
    /** Locks for computing trees, a slot's by its source (see {@link TreeCache#tree}). */
    private final Object[] stripes = new Object[16];

    {
        for (int i = 0; i < stripes.length; i++) stripes[i] = new Object();
    }

    Object stripe(int source) { return stripes[source & (stripes.length - 1)]; }

    Forest(int id, Key key, Weights w, boolean[] blocked, int cores) {
        this.id = id;
        this.trees = new ShortestPathTree[cores];
        this.key = key;
        this.w = w;
        this.blocked = blocked;
    }
}

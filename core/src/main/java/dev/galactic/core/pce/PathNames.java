package dev.galactic.core.pce;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The names of a topology's nodes and directed links, shared by every snapshot of it, so a
 * result can name its hops as a view over its link indices: at L the engine returns ~336,000
 * paths, and copying every hop's name into lists of their own was a tenth of the full compute
 * and a large part of the heap the results keep. A view holds no metrics, so results never
 * pin an old network snapshot.
 */
record PathNames(String[] nodes, String[] links, int[] src, int[] dst) {

    /** The nodes a path crosses, from the first link's source to the last link's destination (none for no links). */
    List<String> nodesOf(int[] path) { return path.length == 0 ? List.of() : new Hops(this, path, 0, path.length + 1, true); }

    /** The nodes after the head-end (its segment list). */
    List<String> segmentsOf(int[] path) { return path.length == 0 ? List.of() : new Hops(this, path, 1, path.length, true); }

    /** The Link resources a path crosses, in order. */
    List<String> linksOf(int[] path) { return path.length == 0 ? List.of() : new Hops(this, path, 0, path.length, false); }

    /**
     * An immutable list over a path's link indices: as nodes, position p is the source of the
     * first link for p = 0, else the destination of link p - 1; as links, the link's name.
     */
    private static final class Hops extends AbstractList<String> implements RandomAccess {
        private final PathNames names;
        private final int[] path;
        private final int offset;
        private final int size;
        private final boolean nodes;

        Hops(PathNames names, int[] path, int offset, int size, boolean nodes) {
            this.names = names;
            this.path = path;
            this.offset = offset;
            this.size = size;
            this.nodes = nodes;
        }

        @Override
        public String get(int index) {
            java.util.Objects.checkIndex(index, size);
            int p = index + offset;
            if (!nodes) return names.links[path[p]];
            return p == 0 ? names.nodes[names.src[path[0]]] : names.nodes[names.dst[path[p - 1]]];
        }

        @Override
        public int size() { return size; }
    }
}

package dev.galactic.core.image;

import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An immutable sorted map with structural sharing: a put or remove copies only the O(log n)
 * nodes on the way to its key (an AVL tree with path copying), so a new image of a large intent
 * costs a few allocations per change and every older image stays valid for whoever still reads it.
 */
public final class SortedPMap<K, V> implements Iterable<Map.Entry<K, V>> {

    private record Node<K, V>(K key, V value, Node<K, V> left, Node<K, V> right, int height, int size) {
        static <K, V> Node<K, V> of(K key, V value, Node<K, V> left, Node<K, V> right) {
            return new Node<>(key, value, left, right, 1 + Math.max(h(left), h(right)), 1 + n(left) + n(right));
        }
    }

    private final Comparator<? super K> order;
    private final Node<K, V> root;

    private SortedPMap(Comparator<? super K> order, Node<K, V> root) {
        this.order = order;
        this.root = root;
    }

    public static <K extends Comparable<? super K>, V> SortedPMap<K, V> empty() {
        return new SortedPMap<>(Comparator.naturalOrder(), null);
    }

    public static <K, V> SortedPMap<K, V> empty(Comparator<? super K> order) {
        return new SortedPMap<>(order, null);
    }

    public int size() { return n(root); }

    public boolean isEmpty() { return root == null; }

    public V get(K key) {
        Node<K, V> t = root;
        while (t != null) {
            int c = order.compare(key, t.key);
            if (c == 0) return t.value;
            t = c < 0 ? t.left : t.right;
        }
        return null;
    }

    public boolean containsKey(K key) { return get(key) != null; }

    /** This map with {@code key} mapped to {@code value} (values are never null). */
    public SortedPMap<K, V> put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Node<K, V> r = put(root, key, value);
        return r == root ? this : new SortedPMap<>(order, r);
    }

    /** This map without {@code key}; the same map when it had none. */
    public SortedPMap<K, V> remove(K key) {
        Node<K, V> r = remove(root, key);
        return r == root ? this : new SortedPMap<>(order, r);
    }

    /** The entries in key order. */
    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        return range(k -> true, k -> true).iterator();
    }

    /**
     * The entries with keys in one contiguous run of the order: {@code atOrAfterStart} is false for
     * keys before the run and true from its first key on, {@code beforeEnd} true up to its last key
     * and false after it. Only the subtrees that can hold such keys are visited.
     */
    public Iterable<Map.Entry<K, V>> range(Predicate<K> atOrAfterStart, Predicate<K> beforeEnd) {
        return () -> new Iterator<>() {
            private final Deque<Node<K, V>> stack = new ArrayDeque<>();
            {
                descend(root);
            }

            private void descend(Node<K, V> t) {
                while (t != null) {
                    if (atOrAfterStart.test(t.key)) {
                        stack.push(t);
                        t = t.left;
                    } else {
                        t = t.right;
                    }
                }
            }

            @Override
            public boolean hasNext() {
                return !stack.isEmpty() && beforeEnd.test(stack.peek().key);
            }

            @Override
            public Map.Entry<K, V> next() {
                if (!hasNext()) throw new NoSuchElementException();
                Node<K, V> t = stack.pop();
                Node<K, V> r = t.right;
                while (r != null) {
                    stack.push(r);
                    r = r.left;
                }
                return new AbstractMap.SimpleImmutableEntry<>(t.key, t.value);
            }
        };
    }

    private Node<K, V> put(Node<K, V> t, K key, V value) {
        if (t == null) return Node.of(key, value, null, null);
        int c = order.compare(key, t.key);
        if (c == 0) return t.value == value ? t : new Node<>(key, value, t.left, t.right, t.height, t.size);
        if (c < 0) {
            Node<K, V> l = put(t.left, key, value);
            return l == t.left ? t : balance(t.key, t.value, l, t.right);
        }
        Node<K, V> r = put(t.right, key, value);
        return r == t.right ? t : balance(t.key, t.value, t.left, r);
    }

    private Node<K, V> remove(Node<K, V> t, K key) {
        if (t == null) return null;
        int c = order.compare(key, t.key);
        if (c < 0) {
            Node<K, V> l = remove(t.left, key);
            return l == t.left ? t : balance(t.key, t.value, l, t.right);
        }
        if (c > 0) {
            Node<K, V> r = remove(t.right, key);
            return r == t.right ? t : balance(t.key, t.value, t.left, r);
        }
        if (t.left == null) return t.right;
        if (t.right == null) return t.left;
        Node<K, V> min = t.right;
        while (min.left != null) min = min.left;
        return balance(min.key, min.value, t.left, removeMin(t.right));
    }

    private static <K, V> Node<K, V> removeMin(Node<K, V> t) {
        if (t.left == null) return t.right;
        return balance(t.key, t.value, removeMin(t.left), t.right);
    }

    private static <K, V> Node<K, V> balance(K key, V value, Node<K, V> l, Node<K, V> r) {
        if (h(l) > h(r) + 1) {
            if (h(l.left) >= h(l.right)) return Node.of(l.key, l.value, l.left, Node.of(key, value, l.right, r));
            Node<K, V> lr = l.right;
            return Node.of(lr.key, lr.value, Node.of(l.key, l.value, l.left, lr.left), Node.of(key, value, lr.right, r));
        }
        if (h(r) > h(l) + 1) {
            if (h(r.right) >= h(r.left)) return Node.of(r.key, r.value, Node.of(key, value, l, r.left), r.right);
            Node<K, V> rl = r.left;
            return Node.of(rl.key, rl.value, Node.of(key, value, l, rl.left), Node.of(r.key, r.value, rl.right, r.right));
        }
        return Node.of(key, value, l, r);
    }

    private static int h(Node<?, ?> t) { return t == null ? 0 : t.height; }

    /** The map from {@code entries}. */
    public static <K extends Comparable<? super K>, V> SortedPMap<K, V> of(Map<K, V> entries) {
        SortedPMap<K, V> m = empty();
        for (Map.Entry<K, V> e : entries.entrySet()) m = m.put(e.getKey(), e.getValue());
        return m;
    }

    /** A read-only {@link Map} view in key order: lookups in O(log n), nothing copied. */
    public Map<K, V> asMap() {
        SortedPMap<K, V> tree = this;
        return new AbstractMap<>() {
            @Override
            @SuppressWarnings("unchecked")
            public V get(Object key) {
                try {
                    return key == null ? null : tree.get((K) key);
                } catch (ClassCastException e) {
                    return null;
                }
            }

            @Override
            public boolean containsKey(Object key) { return get(key) != null; }

            @Override
            public int size() { return tree.size(); }

            @Override
            public java.util.Set<Map.Entry<K, V>> entrySet() {
                return new java.util.AbstractSet<>() {
                    @Override
                    public Iterator<Map.Entry<K, V>> iterator() { return tree.iterator(); }

                    @Override
                    public int size() { return tree.size(); }
                };
            }
        };
    }

    private static int n(Node<?, ?> t) { return t == null ? 0 : t.size; }

    /** The tree's height, for tests of its balance. */
    int height() { return h(root); }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SortedPMap<?, ?> m) || m.size() != size()) return false;
        Iterator<? extends Map.Entry<?, ?>> a = iterator(), b = m.iterator();
        while (a.hasNext()) if (!a.next().equals(b.next())) return false;
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (Map.Entry<K, V> e : this) hash += e.hashCode();
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<K, V> e : this) b.append(b.length() > 1 ? ", " : "").append(e.getKey()).append('=').append(e.getValue());
        return b.append('}').toString();
    }
}

package dev.galactic.core.bgp;

import dev.galactic.core.net.IpPrefix;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Prefixes with a value each, in a binary trie per address family, answering "which stored
 * prefixes overlap this one" (those that cover it, on the way down, and those it covers, the
 * subtree below it) in time proportional to the prefix length plus the answers, instead of a
 * scan of every stored prefix: a VPC may hold thousands of learned prefixes.
 */
final class PrefixTrie<V> {

    private static final class Node<V> {
        Node<V> zero, one;
        final List<V> values = new ArrayList<>(1);
    }

    private final Node<V> v4 = new Node<>(), v6 = new Node<>();

    void put(IpPrefix p, V value) {
        Node<V> n = root(p);
        byte[] bits = p.address().bytes();
        for (int i = 0; i < p.length(); i++) {
            if (bit(bits, i)) n = n.one == null ? (n.one = new Node<>()) : n.one;
            else n = n.zero == null ? (n.zero = new Node<>()) : n.zero;
        }
        n.values.add(value);
    }

    /** Every value stored under a prefix that contains p or that p contains (p itself included). */
    List<V> overlapping(IpPrefix p) {
        List<V> out = new ArrayList<>();
        Node<V> n = root(p);
        byte[] bits = p.address().bytes();
        for (int i = 0; i < p.length() && n != null; i++) {
            out.addAll(n.values);
            n = bit(bits, i) ? n.one : n.zero;
        }
        if (n == null) return out;
        Deque<Node<V>> todo = new ArrayDeque<>();
        todo.push(n);
        while (!todo.isEmpty()) {
            Node<V> m = todo.pop();
            out.addAll(m.values);
            if (m.zero != null) todo.push(m.zero);
            if (m.one != null) todo.push(m.one);
        }
        return out;
    }

    private Node<V> root(IpPrefix p) { return p.isV4() ? v4 : v6; }

    private static boolean bit(byte[] bytes, int i) {
        return (bytes[i >> 3] & (0x80 >> (i & 7))) != 0;
    }
}

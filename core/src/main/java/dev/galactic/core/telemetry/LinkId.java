package dev.galactic.core.telemetry;

import java.util.Objects;

/**
 * A directed node pair: probes sent by {@code from} towards {@code to}. The two directions of
 * one underlay link are two LinkIds because each end measures its own view.
 */
public record LinkId(String from, String to) implements Comparable<LinkId> {

    public LinkId {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    public static LinkId of(String from, String to) { return new LinkId(from, to); }

    public LinkId reversed() { return new LinkId(to, from); }

    /**
     * Not the record's {@code 31 * from + to}: node names that differ in one character (n1, n2,
     * ...) then collide so often that hash maps of links turn buckets into trees, which the
     * ingest's per-sample lookup pays for. A large odd multiplier spreads them.
     */
    @Override
    public int hashCode() { return from.hashCode() * 0x9E3779B9 + to.hashCode(); }

    @Override
    public int compareTo(LinkId o) {
        int c = from.compareTo(o.from);
        return c != 0 ? c : to.compareTo(o.to);
    }

    /** The spec's wording for a segment, used in root-cause hints: {@code core3 -> core7}. */
    @Override
    public String toString() { return from + " -> " + to; }
}

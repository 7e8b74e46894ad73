package dev.galactic.core.telemetry;

/** Two edges that share a tenant VPC, unordered: {@code EdgePair.of(a, b).equals(EdgePair.of(b, a))}. */
public record EdgePair(String first, String second) implements Comparable<EdgePair> {

    public EdgePair {
        if (first.compareTo(second) > 0) {
            String t = first;
            first = second;
            second = t;
        }
    }

    public static EdgePair of(String a, String b) { return new EdgePair(a, b); }

    @Override
    public int compareTo(EdgePair o) {
        int c = first.compareTo(o.first);
        return c != 0 ? c : second.compareTo(o.second);
    }
}

package dev.galactic.core.bgp;

import java.util.List;

/**
 * A route a customer router announced on an attachment's BGP session, as the edge's speaker
 * received it (before any policy).
 *
 * @param prefix the announced prefix, as the daemon wrote it
 * @param asPath the AS path, nearest AS first; its last AS is the origin
 * @param communities standard (ASN:VALUE) and large communities, as text
 * @param nextHop the next hop the customer gave
 */
public record LearnedRoute(String prefix, List<Long> asPath, List<String> communities, String nextHop) {

    public LearnedRoute {
        asPath = asPath == null ? List.of() : List.copyOf(asPath);
        communities = communities == null ? List.of() : List.copyOf(communities);
    }

    /** The AS that originated the route, null for an empty path (an iBGP-style announcement). */
    public Long originAsn() { return asPath.isEmpty() ? null : asPath.getLast(); }
}

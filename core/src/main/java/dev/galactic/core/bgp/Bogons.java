package dev.galactic.core.bgp;

import dev.galactic.core.net.IpPrefix;

import java.util.List;
import java.util.Optional;

/**
 * Prefixes no customer may announce into a VPC. A VPC is a private network, so RFC 1918,
 * RFC 6598 (100.64/10) and ULA space are ordinary customer space, not bogons. What is left are
 * addresses that can never be a site's destination: "this network", loopback, link-local,
 * multicast, the reserved class E, documentation ranges, IPv4-mapped and other special IPv6
 * space. The backbone's own SID space is checked beside these (see {@link RoutePolicy}): a
 * tenant announcing it would try to draw the overlay's control traffic.
 */
public final class Bogons {

    /** A martian range and what it is, for the rejection text. */
    public record Martian(IpPrefix prefix, String what) {
    }

    public static final List<Martian> MARTIANS = List.of(
            m("0.0.0.0/8", "\"this network\" (RFC 791)"),
            m("127.0.0.0/8", "loopback (RFC 1122)"),
            m("169.254.0.0/16", "link-local (RFC 3927)"),
            m("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
            m("192.0.2.0/24", "documentation TEST-NET-1 (RFC 5737)"),
            m("198.51.100.0/24", "documentation TEST-NET-2 (RFC 5737)"),
            m("203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)"),
            m("224.0.0.0/4", "multicast (RFC 5771)"),
            m("240.0.0.0/4", "reserved, class E and broadcast (RFC 1112)"),
            m("::/8", "unspecified, loopback, IPv4-mapped and reserved IPv6 (RFC 4291)"),
            m("2001:db8::/32", "IPv6 documentation (RFC 3849)"),
            m("fe80::/10", "IPv6 link-local (RFC 4291)"),
            m("ff00::/8", "IPv6 multicast (RFC 4291)"));

    private Bogons() {
    }

    private static Martian m(String prefix, String what) {
        return new Martian(IpPrefix.parse(prefix), what);
    }

    /** The martian range holding p, if any (the default route is not a martian: it has its own rule). */
    public static Optional<Martian> martian(IpPrefix p) {
        return MARTIANS.stream().filter(m -> m.prefix().contains(p)).findFirst();
    }
}

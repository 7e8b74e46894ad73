package dev.galactic.core.bgp;

import dev.galactic.core.net.IpPrefix;

import java.util.List;
import java.util.Optional;

/**
 * Prefixes no customer may announce into a VPC. A VPC is a private network, so RFC 1918,
 * RFC 6598 (100.64/10) and ULA space are ordinary customer space, not bogons. What is left are
 * addresses that can never be a site's destination: "this network", loopback, link-local,
 * multicast, the reserved class E, documentation ranges, IPv4-mapped and other special IPv6
 * space. The backbone's own SID space is checked beside these: a tenant announcing it would try
 * to draw the overlay's control traffic. {@link #refusal} is the one rule for what may be a
 * site's prefix, applied to static prefixes when they are applied and to learned routes when
 * they are reported (see {@link RoutePolicy}).
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

    /** Why a prefix cannot be a site's, in the rejection's terms. */
    public record Refusal(RouteDecision.Reason reason, String why) {
    }

    /**
     * Whether a prefix may be a site's destination at all, whoever says so (a static prefix or a
     * BGP announcement).
     *
     * @param allowDefault whether the attachment accepts the default route ({@code bgp.allowDefault})
     * @param sidSpace the backbone's SID space (see {@link dev.galactic.core.sid.SidLayout#space})
     */
    public static Optional<Refusal> refusal(IpPrefix p, boolean allowDefault, List<IpPrefix> sidSpace) {
        if (p.length() == 0) {
            return allowDefault ? Optional.empty() : Optional.of(new Refusal(RouteDecision.Reason.DEFAULT_ROUTE,
                    "default route " + p + " refused: the attachment does not set bgp.allowDefault"));
        }
        Optional<Martian> m = martian(p);
        if (m.isPresent()) return Optional.of(new Refusal(RouteDecision.Reason.BOGON, p + " is a bogon: inside " + m.get().prefix() + ", " + m.get().what()));
        for (IpPrefix sid : sidSpace) {
            if (sid.overlaps(p)) return Optional.of(new Refusal(RouteDecision.Reason.BOGON, p + " overlaps the backbone's SID space " + sid));
        }
        return Optional.empty();
    }

    /** The martian range holding p, if any (the default route is not a martian: it has its own rule). */
    public static Optional<Martian> martian(IpPrefix p) {
        return MARTIANS.stream().filter(m -> m.prefix().contains(p)).findFirst();
    }
}

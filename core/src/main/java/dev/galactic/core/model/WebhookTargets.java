package dev.galactic.core.model;

import dev.galactic.core.net.IpAddress;
import dev.galactic.core.net.IpPrefix;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a tenant's webhook may send. The controller posts from inside the operator's network,
 * so a tenant naming an internal address would make it a proxy into that network (the cloud's
 * metadata service, the database, the controller's own API with whatever the receiver echoes).
 * Refused: unspecified, multicast and reserved addresses always; loopback, link-local and
 * private ones unless the operator opened them to tenants ({@code allowed}). The operator's own
 * webhooks are not restricted. Checked when a webhook is applied (literal addresses, names of
 * the local machine) and again for every delivery on the addresses a name resolved to.
 *
 * @param allowed CIDRs whose loopback, link-local or private addresses tenants' webhooks may
 *                reach (an internal receiver, a test's loopback server)
 */
public record WebhookTargets(List<IpPrefix> allowed) {

    /** No internal address is open to tenants. */
    public static final WebhookTargets DEFAULT = new WebhookTargets(List.of());

    public WebhookTargets {
        allowed = List.copyOf(allowed);
    }

    /** @throws IllegalArgumentException naming the entry that is not a CIDR */
    public static WebhookTargets parse(List<String> cidrs) {
        List<IpPrefix> out = new ArrayList<>();
        for (String c : cidrs) {
            IpPrefix.Parsed p = IpPrefix.parseOrError(c.trim());
            out.add(p.prefix().orElseThrow(() -> new IllegalArgumentException("webhook target allow-list: " + p.error())));
        }
        return new WebhookTargets(out);
    }

    /** A special range: what it is, and whether the operator may open it. */
    private record Range(IpPrefix prefix, String what, boolean openable) {
    }

    private static final List<Range> RANGES = List.of(
            r("0.0.0.0/8", "an unspecified (\"this network\") address", false),
            r("::/128", "the unspecified address", false),
            r("224.0.0.0/4", "a multicast address", false),
            r("ff00::/8", "a multicast address", false),
            r("240.0.0.0/4", "a reserved (class E or broadcast) address", false),
            r("127.0.0.0/8", "a loopback address", true),
            r("::1/128", "the loopback address", true),
            r("169.254.0.0/16", "a link-local address", true),
            r("fe80::/10", "a link-local address", true),
            r("10.0.0.0/8", "a private address (RFC 1918)", true),
            r("172.16.0.0/12", "a private address (RFC 1918)", true),
            r("192.168.0.0/16", "a private address (RFC 1918)", true),
            r("100.64.0.0/10", "a shared (carrier-grade NAT) address (RFC 6598)", true),
            r("192.0.0.0/24", "an IETF protocol address (RFC 6890)", true),
            r("198.18.0.0/15", "a benchmarking address (RFC 2544)", true),
            r("fc00::/7", "a unique local address (RFC 4193)", true),
            r("fec0::/10", "a site-local address", true),
            r("::/96", "an IPv4-compatible (deprecated) address", false));

    /** IPv6 forms that carry an IPv4 address the packets end up at. */
    private static final List<IpPrefix> EMBEDDING_V4 = List.of(IpPrefix.parse("::ffff:0:0/96"), IpPrefix.parse("64:ff9b::/96"));

    private static Range r(String prefix, String what, boolean openable) {
        return new Range(IpPrefix.parse(prefix), what, openable);
    }

    /** Why a tenant's webhook may not send to this address, if it may not. */
    public Optional<String> refusal(IpAddress a) {
        IpAddress target = embeddedV4(a).orElse(a);
        for (Range range : RANGES) {
            if (!range.prefix().contains(target)) continue;
            if (range.openable() && allowed.stream().anyMatch(p -> p.contains(target))) return Optional.empty();
            return Optional.of(a + " is " + range.what() + (range.openable()
                    ? "; a tenant's webhook may not reach it unless the operator allows it (controller --webhook-allow CIDR)"
                    : "; no webhook can be delivered there"));
        }
        return Optional.empty();
    }

    /**
     * Why a tenant's webhook may not name this URL host, if it may not: a literal address that
     * {@link #refusal(IpAddress)} refuses, a name of the local machine, or a number that is not a
     * dotted-quad address (resolvers read {@code 127.1} or {@code 2130706433} as loopback). Other
     * names are judged once resolved, at delivery.
     *
     * @param host as {@link java.net.URI#getHost()} gives it (IPv6 in brackets)
     */
    public Optional<String> refusalOfHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        Optional<IpAddress> literal = IpAddress.tryParse(h);
        if (literal.isPresent()) return refusal(literal.get());
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return refusal(IpAddress.parse("127.0.0.1")).map(why -> host + " names this machine: " + why);
        }
        String last = h.substring(h.lastIndexOf('.') + 1);
        if (!last.isEmpty() && last.chars().allMatch(Character::isDigit)) {
            return Optional.of(host + " is a number, not a name: write an IPv4 address as four decimal parts (like 192.0.2.1)");
        }
        return Optional.empty();
    }

    private static Optional<IpAddress> embeddedV4(IpAddress a) {
        if (a.isV4()) return Optional.empty();
        for (IpPrefix p : EMBEDDING_V4) {
            if (p.contains(a)) {
                byte[] b = a.bytes();
                return Optional.of(new IpAddress(new byte[]{b[12], b[13], b[14], b[15]}));
            }
        }
        return Optional.empty();
    }
}

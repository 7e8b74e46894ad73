package dev.galactic.core.net;

import java.math.BigInteger;
import java.util.Optional;

/**
 * An IPv4 or IPv6 prefix in CIDR notation. Host bits must be zero: "10.1.0.1/24" is rejected
 * because a route for it would silently mean 10.1.0.0/24 and hide a typo.
 */
public record IpPrefix(IpAddress address, int length) implements Comparable<IpPrefix> {

    public IpPrefix {
        if (length < 0 || length > address.bits()) throw new IllegalArgumentException("bad prefix length " + length);
    }

    public static IpPrefix parse(String text) {
        return parseOrError(text).prefix().orElseThrow(() -> new IllegalArgumentException(parseOrError(text).error()));
    }

    /** A parse result that carries the reason when the text is not a valid prefix. */
    public record Parsed(Optional<IpPrefix> prefix, String error) {
    }

    public static Parsed parseOrError(String text) {
        if (text == null || text.isBlank()) return fail("a prefix is required, like 10.1.0.0/24 or fd00:1::/48");
        int slash = text.indexOf('/');
        if (slash < 0) return fail("\"" + text + "\" has no prefix length: write it as ADDRESS/LENGTH, like 10.1.0.0/24");
        Optional<IpAddress> addr = IpAddress.tryParse(text.substring(0, slash));
        if (addr.isEmpty()) return fail("\"" + text.substring(0, slash) + "\" is not an IPv4 or IPv6 address");
        String lenText = text.substring(slash + 1);
        if (lenText.isEmpty() || lenText.length() > 3 || !lenText.chars().allMatch(Character::isDigit)) {
            return fail("\"" + lenText + "\" is not a prefix length");
        }
        int len = Integer.parseInt(lenText);
        IpAddress a = addr.get();
        if (len > a.bits()) return fail("prefix length " + len + " is longer than " + a.bits() + " bits");
        IpPrefix p = new IpPrefix(a, len);
        if (!p.network().equals(a)) {
            return fail("\"" + text + "\" has host bits set; did you mean " + p.network() + "/" + len + "?");
        }
        return new Parsed(Optional.of(p), null);
    }

    private static Parsed fail(String why) {
        return new Parsed(Optional.empty(), why);
    }

    public boolean isV4() { return address.isV4(); }

    private BigInteger mask() {
        int bits = address.bits();
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE));
    }

    public IpAddress network() {
        return IpAddress.fromBigInteger(address.toBigInteger().and(mask()), address.bytes().length);
    }

    public boolean contains(IpAddress a) {
        return a.isV4() == isV4() && a.toBigInteger().and(mask()).equals(network().toBigInteger());
    }

    /** Whether this prefix contains the other, equal or more specific, prefix. */
    public boolean contains(IpPrefix other) {
        return other.isV4() == isV4() && other.length >= length && contains(other.address);
    }

    public boolean overlaps(IpPrefix other) {
        return contains(other) || other.contains(this);
    }

    @Override
    public int compareTo(IpPrefix o) {
        int c = address.compareTo(o.address);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() { return address + "/" + length; }
}

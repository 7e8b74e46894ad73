package dev.galactic.core.sid;

import dev.galactic.core.net.IpAddress;
import dev.galactic.core.net.IpPrefix;

import java.math.BigInteger;

/**
 * How SIDs are built from a block, a node id, a function and an argument.
 *
 * <pre>
 *  |<- block (e.g. 32) ->|<- node id 16 ->|<- function 4 ->|<- argument 12 ->|<- zero ... ->|
 *  |      fc00:0000      |      0001      |       6        |      003       |              |
 *   = fc00:0:1:6003::  End.DT6 for tenant #3 on node #1 (locator fc00:0:1::/48)
 * </pre>
 *
 * The node's locator is the block plus the node id. A node with an explicit locator (any length
 * up to /112) keeps it, and the 16-bit function+argument field follows right after it. The
 * locator's ::1 is the node's own address (probes, tunnel source); SIDs never use function 0, so
 * they never collide with it. With 12 argument bits a node holds decapsulation SIDs for 4095
 * tenants (ids 1..4095).
 */
public record SidLayout(IpPrefix block) {

    public static final int NODE_BITS = 16;
    public static final int FIELD_BITS = 16;
    public static final int MAX_ARGUMENT = 0xfff;
    public static final SidLayout DEFAULT = new SidLayout(IpPrefix.parse("fc00::/32"));

    public SidLayout {
        if (block.isV4()) throw new IllegalArgumentException("the SID block must be IPv6, not " + block);
        if (block.length() > 128 - NODE_BITS - FIELD_BITS) {
            throw new IllegalArgumentException("the SID block " + block + " is too long: at most /" + (128 - NODE_BITS - FIELD_BITS));
        }
    }

    public int maxNodeId() { return (1 << NODE_BITS) - 1; }

    /**
     * The backbone's SID space, which no tenant prefix may overlap: the block, and each locator
     * outside it (an explicit one; those allocated from the block are inside it).
     */
    public java.util.List<IpPrefix> space(java.util.Collection<IpPrefix> locators) {
        java.util.List<IpPrefix> out = new java.util.ArrayList<>(java.util.List.of(block));
        locators.stream().filter(l -> !block.contains(l)).distinct().sorted().forEach(out::add);
        return java.util.List.copyOf(out);
    }

    /** The locator the block gives node id {@code id} (1..65535). */
    public IpPrefix locator(int id) {
        if (id < 1 || id > maxNodeId()) throw new IllegalArgumentException("node id out of range: " + id);
        BigInteger v = block.address().toBigInteger().or(BigInteger.valueOf(id).shiftLeft(128 - block.length() - NODE_BITS));
        return new IpPrefix(address(v), block.length() + NODE_BITS);
    }

    /** The SID of a function on a locator. */
    public static IpAddress sid(IpPrefix locator, SidFunction function, int argument) {
        if (argument < 0 || argument > MAX_ARGUMENT) throw new IllegalArgumentException("argument out of range: " + argument);
        if (locator.length() > 128 - FIELD_BITS) throw new IllegalArgumentException("locator " + locator + " leaves no room for functions");
        int field = (function.code() << 12) | argument;
        BigInteger v = locator.address().toBigInteger().or(BigInteger.valueOf(field).shiftLeft(128 - locator.length() - FIELD_BITS));
        return address(v);
    }

    /** The node's own address in its locator (::1), used as SRv6 source and probe address. */
    public static IpAddress nodeAddress(IpPrefix locator) {
        return address(locator.address().toBigInteger().or(BigInteger.ONE));
    }

    private static IpAddress address(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[16];
        int n = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - n, out, 16 - n, n);
        return new IpAddress(out);
    }
}

package dev.galactic.core.net;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address parsed from its literal text, without any name lookup (unlike
 * {@link java.net.InetAddress#getByName}, which may query DNS for anything not a literal).
 *
 * @param bytes 4 or 16 bytes, network order
 */
public record IpAddress(byte[] bytes) implements Comparable<IpAddress> {

    public IpAddress {
        if (bytes.length != 4 && bytes.length != 16) throw new IllegalArgumentException("need 4 or 16 bytes");
        bytes = bytes.clone();
    }

    public boolean isV4() { return bytes.length == 4; }

    public int bits() { return bytes.length * 8; }

    @Override
    public byte[] bytes() { return bytes.clone(); }

    public BigInteger toBigInteger() { return new BigInteger(1, bytes); }

    static IpAddress fromBigInteger(BigInteger v, int byteLength) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[byteLength];
        int copy = Math.min(raw.length, byteLength);
        System.arraycopy(raw, raw.length - copy, out, byteLength - copy, copy);
        return new IpAddress(out);
    }

    /** Parses a literal; the error says what is wrong with it. */
    public static IpAddress parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "\"" + text + "\" is not an IPv4 or IPv6 address"));
    }

    public static Optional<IpAddress> tryParse(String text) {
        if (text == null || text.isEmpty()) return Optional.empty();
        return Optional.ofNullable(text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text));
    }

    private static IpAddress parseV4(String s) {
        byte[] out = parseV4Bytes(s);
        return out == null ? null : new IpAddress(out);
    }

    private static byte[] parseV4Bytes(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return null;
            if (p.length() > 1 && p.charAt(0) == '0') return null; // leading zeros read as octal by some tools
            int v = Integer.parseInt(p);
            if (v > 255) return null;
            out[i] = (byte) v;
        }
        return out;
    }

    private static IpAddress parseV6(String s) {
        if (s.contains("%")) return null; // zone ids have no place in configuration
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) return null;
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        int[] headGroups = groups(head, dbl < 0);
        int[] tailGroups = groups(tail, true);
        if (headGroups == null || tailGroups == null) return null;
        int total = headGroups.length + tailGroups.length;
        if (dbl < 0 ? total != 8 : total > 7) return null;
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (all[i] >>> 8);
            out[2 * i + 1] = (byte) all[i];
        }
        return new IpAddress(out);
    }

    /** Colon-separated hex groups; an embedded IPv4 is allowed as the last part if allowed. */
    private static int[] groups(String s, boolean mayEndInV4) {
        if (s.isEmpty()) return new int[0];
        String[] parts = s.split(":", -1);
        int[] out = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && mayEndInV4 && p.indexOf('.') >= 0) {
                byte[] v4 = parseV4Bytes(p);
                if (v4 == null) return null;
                out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) return null;
            int v = 0;
            for (char c : p.toCharArray()) {
                int d = Character.digit(c, 16);
                if (d < 0) return null;
                v = (v << 4) | d;
            }
            out[n++] = v;
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public String toString() {
        if (isV4()) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        // RFC 5952: compress the longest run (of at least two) of zero groups, the first on ties
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && Arrays.equals(bytes, a.bytes);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(bytes); }

    @Override
    public int compareTo(IpAddress o) {
        int c = Integer.compare(bytes.length, o.bytes.length);
        return c != 0 ? c : Arrays.compareUnsigned(bytes, o.bytes);
    }
}

package dev.galactic.agent.driver.linux;

import dev.galactic.core.net.IpAddress;
import dev.galactic.core.net.IpPrefix;
import dev.galactic.core.render.NodeConfig;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the eBPF data plane's maps must hold for one node config, as the bytes the programs read:
 * the byte layouts here and the structs of {@code galactic_srv6.bpf.c} are one contract, versioned
 * by {@link #ABI} (the pin directory of the maps carries it, so an object with another layout
 * never reads these). Keys and values are kept as bpftool's hex text ({@code "0a 02"}) without
 * their trailing zero bytes (a segment list is mostly unused slots), which is also how the driver
 * diffs them against a dump; {@link Name#pad} restores the full size for bpftool. x86-64 and arm64 are little-endian: host-order
 * fields are written little-endian; the LPM keys' tenant and class are big-endian, as a trie
 * compares bytes.
 *
 * @param ports site port device -> its tenant and VPC default class ({@code if_tenant}, keyed by
 *              ifindex once the driver has looked the device up)
 * @param encap4 {@code encap4}: (tenant, class, IPv4 prefix) -> segment list
 * @param encap6 {@code encap6}: the same for IPv6
 * @param sids {@code sid_table}: SID -> behaviour, tenant and the mark of the table it decapsulates into
 * @param counters {@code stats} keys to count under: (tenant, class), and (tenant, {@link #DECAP_CLASS})
 */
public record EbpfMaps(Map<String, Port> ports, Map<String, String> encap4, Map<String, String> encap6,
                       Map<String, String> sids, Set<String> counters) {

    /** Version of the map layouts. */
    public static final int ABI = 2;
    /** The most segments one list may have (MAX_SEGS in the program). */
    public static final int MAX_SEGMENTS = 24;
    /** The counter class of what was decapsulated towards a tenant's sites. */
    public static final int DECAP_CLASS = 255;

    /** The maps by their names in the object, as pinned. */
    public enum Name {
        IF_TENANT("if_tenant", 4, 8), ENCAP4("encap4", 16, SEGLIST), ENCAP6("encap6", 28, SEGLIST), SID_TABLE("sid_table", 16, 12),
        STATS("stats", 8, 16), NODE_STATS("node_stats", 4, 16), DROPS("drops", 4, 8);

        private final String pinned;
        private final int keySize, valueSize;

        Name(String pinned, int keySize, int valueSize) {
            this.pinned = pinned;
            this.keySize = keySize;
            this.valueSize = valueSize;
        }

        public String pinned() { return pinned; }

        /** A trimmed key or value ({@code value}: which) as bpftool wants it: every byte of the struct. */
        String pad(String hex, boolean value) {
            int size = value ? valueSize : keySize;
            int have = hex.isEmpty() ? 0 : (hex.length() + 1) / 3;
            if (have > size) throw new IllegalArgumentException(pinned + ": " + have + " bytes for a " + size + "-byte field");
            StringBuilder b = new StringBuilder(size * 3).append(hex);
            for (int i = have; i < size; i++) b.append(i == 0 ? "00" : " 00");
            return b.toString();
        }
    }

    /** sizeof(struct seglist): count, flags, source, MAX_SEGS segments. */
    static final int SEGLIST = 8 + 16 + 16 * 24;

    /** Behaviour codes of {@code enum action}. */
    static final int END = 1, DT4 = 2, DT6 = 3, DT46 = 4;

    /** Drop reasons of {@code enum drop}, in order. */
    public static final List<String> DROP_REASONS = List.of("no-tenant", "no-route", "bad-route", "adjust-room", "store",
            "no-underlay-route", "bad-srh", "segments-left", "family");

    public record Port(int tenant, int defaultClass) {
    }

    public EbpfMaps {
        ports = Map.copyOf(ports);
        encap4 = Map.copyOf(encap4);
        encap6 = Map.copyOf(encap6);
        sids = Map.copyOf(sids);
        counters = Set.copyOf(counters);
    }

    /** The map's contents as desired, once the site ports' ifindexes are known. */
    public Map<String, String> contents(Name map, Map<String, Integer> ifindex) {
        return switch (map) {
            case IF_TENANT -> {
                Map<String, String> out = new TreeMap<>();
                ports.forEach((dev, p) -> {
                    Integer i = ifindex.get(dev);
                    if (i == null) throw new IllegalArgumentException("the site port " + dev + " does not exist on this node");
                    out.put(hex(le(4).putInt(i)), hex(le(8).putInt(p.tenant()).putInt(p.defaultClass())));
                });
                yield out;
            }
            case ENCAP4 -> encap4;
            case ENCAP6 -> encap6;
            case SID_TABLE -> sids;
            default -> throw new IllegalArgumentException(map + " is written by the programs, not the agent");
        };
    }

    /** A zero counter, the value a new {@link #counters} entry starts with (per CPU). */
    static final String ZERO_COUNTER = "";

    static String counterKey(int tenant, int classIndex) {
        return hex(le(8).putInt(tenant).putInt(classIndex));
    }

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    /** The buffer's bytes as bpftool hex, up to its last non-zero byte. */
    static String hex(ByteBuffer b) {
        return hex(b.array());
    }

    static String hex(byte[] a) {
        int n = a.length;
        while (n > 0 && a[n - 1] == 0) n--;
        char[] c = new char[Math.max(0, n * 3 - 1)];
        for (int i = 0; i < n; i++) {
            if (i > 0) c[i * 3 - 1] = ' ';
            c[i * 3] = DIGITS[(a[i] >> 4) & 0xf];
            c[i * 3 + 1] = DIGITS[a[i] & 0xf];
        }
        return new String(c);
    }

    /** A hex text as read from a dump, in the trimmed form. */
    static String trim(String hex) {
        int n = hex.length();
        while (n >= 2 && hex.startsWith("00", n - 2)) n -= n >= 3 ? 3 : 2;
        return hex.substring(0, Math.max(0, n));
    }

    /** Collects a config's entries; throws IllegalArgumentException for what the programs cannot do. */
    static final class Builder {
        private final byte[] source;
        private final Map<String, Port> ports = new TreeMap<>();
        private final Map<String, String> encap4 = new java.util.HashMap<>(), encap6 = new java.util.HashMap<>(), sids = new TreeMap<>();
        private final Set<String> counters = new TreeSet<>();

        Builder(String sourceAddress) {
            this.source = IpAddress.parse(sourceAddress).bytes();
            if (source.length != 16) throw new IllegalArgumentException("the node's source address " + sourceAddress + " is not IPv6");
        }

        void port(String device, int tenant, int defaultClass) {
            ports.put(device, new Port(tenant, defaultClass));
        }

        void counter(int tenant, int classIndex) {
            counters.add(counterKey(tenant, classIndex));
        }

        /** @param mark what a decapsulated packet is marked with: its VPC delivery table's (0 for End) */
        void sid(NodeConfig.LocalSid s, int tenant, int mark) {
            int action = switch (s.function()) {
                case END -> END;
                case END_DT4 -> DT4;
                case END_DT6 -> DT6;
                case END_DT46 -> DT46;
                default -> throw new IllegalArgumentException(s.function() + " (SID " + s.sid() + ") is not supported by the eBPF data plane");
            };
            // struct sid: action, tenant, mark
            sids.put(hex(ByteBuffer.wrap(sidBytes(s.sid()))), hex(le(12).putInt(action).putInt(tenant).putInt(mark)));
        }

        void encap(int tenant, int classIndex, String prefix, List<String> segments) {
            if (segments.size() > MAX_SEGMENTS) {
                throw new IllegalArgumentException("the path to " + prefix + " has " + segments.size() + " segments; the eBPF data plane carries at most " + MAX_SEGMENTS);
            }
            IpPrefix p = IpPrefix.parse(prefix);
            byte[] addr = p.network().bytes();
            // struct lpm4/lpm6: prefixlen (host order) counts the 64 bits of tenant and class before the address
            ByteBuffer key = le(12 + addr.length).putInt(64 + p.length()).order(ByteOrder.BIG_ENDIAN).putInt(tenant).putInt(classIndex).put(addr);
            // struct seglist: segs in SRH order, segs[0] the last segment, zeros after the list
            ByteBuffer value = le(SEGLIST).putInt(segments.size()).putInt(0).put(source);
            for (int i = segments.size() - 1; i >= 0; i--) value.put(sidBytes(segments.get(i)));
            (addr.length == 4 ? encap4 : encap6).put(hex(key), hex(value));
        }

        private static byte[] sidBytes(String sid) {
            byte[] b = IpAddress.parse(sid).bytes();
            if (b.length != 16) throw new IllegalArgumentException("SID " + sid + " is not an IPv6 address");
            return b;
        }

        EbpfMaps build() {
            return new EbpfMaps(ports, encap4, encap6, sids, counters);
        }
    }
}

package dev.galactic.core.agent;

import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.Sample;
import dev.galactic.core.telemetry.SampleBatch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary encoding of a {@link SampleBatch}: what an agent sends as one WebSocket binary
 * message once the controller's welcome says it reads them (JSON stays for everything else).
 * Big-endian, fixed-width records, node names once per frame in a string table:
 *
 * <pre>
 * offset  size  field
 *  0      4     magic "GSBF" (0x47 0x53 0x42 0x46)
 *  4      1     version, 1
 *  5      1     flags, 0 (reserved)
 *  6      2     S: strings in the table, 1..65535 (unsigned)
 *  8      8     batch sequence (signed)
 * 16      4     N: samples (signed, 0..)
 * 20            S strings: u8 length 1..255, then that many bytes of UTF-8; string 0 is the agent id
 *               N records, each starting with 8 bytes:
 *                 u8 kind (0 echo, 1 bandwidth), u8 probe type (ProbeType ordinal; IPERF for
 *                 bandwidth), u8 flags (bit 0: lost; echo only), u8 reserved 0,
 *                 u16 link "from" string index, u16 link "to" string index
 *               then i64 timestamp (epoch ns) and
 *                 echo (32 bytes in all):      i64 sequence, i64 rtt ns
 *                 bandwidth (48 bytes in all): i64 duration ns, f64 Mbps, f64 loss %, i64 retransmits
 *               nothing may follow the last record
 * </pre>
 *
 * The decoder checks structure only (lengths, counts, indices, enum values, reserved bits,
 * UTF-8) and bounds every count by the bytes present before allocating; whether the samples
 * make sense is the {@link dev.galactic.core.telemetry.BatchValidator}'s business, exactly as
 * for a batch that came as JSON. Pure: no I/O.
 */
public final class SampleFrames {

    /** The frame version this code reads and writes; agents list it in their hello, the controller in its welcome. */
    public static final int VERSION = 1;
    public static final int MAGIC = 0x47534246; // "GSBF"
    /** Frames larger than this are refused before anything is decoded (16 MiB: far above a batch of 10,000 samples). */
    public static final int MAX_FRAME_BYTES = 16 << 20;
    static final int HEADER_BYTES = 20;
    static final int ECHO_BYTES = 32;
    static final int BANDWIDTH_BYTES = 48;
    static final int MAX_NAME_BYTES = 255;
    static final int MAX_STRINGS = 0xFFFF;
    /** Where the batch sequence sits, for senders that patch a prepared frame. */
    public static final int SEQUENCE_OFFSET = 8;

    private static final int KIND_ECHO = 0, KIND_BANDWIDTH = 1;
    private static final ProbeType[] TYPES = ProbeType.values();

    private SampleFrames() {
    }

    /** What decoding produced: a batch, or why the bytes are not a frame. */
    public sealed interface Decoded {
    }

    public record Frame(SampleBatch batch) implements Decoded {
    }

    /** @param reason for the agent's ack and the controller's log */
    public record Malformed(String reason) implements Decoded {
    }

    /**
     * Encodes a batch.
     *
     * @throws IllegalArgumentException when the batch cannot be expressed as a frame: a null
     *         sample, link or type, a name that is empty, longer than 255 UTF-8 bytes or not
 *         well-formed Unicode, more than
     *         65,535 distinct names, or a frame above {@link #MAX_FRAME_BYTES}. Senders fall back
     *         to JSON for such a batch, so the controller's validation still sees (and counts) it.
     */
    public static byte[] encode(SampleBatch batch) {
        Map<String, Integer> index = new HashMap<>();
        List<byte[]> names = new ArrayList<>();
        intern(batch.agentId(), index, names);
        long size = HEADER_BYTES;
        List<Sample> samples = batch.samples();
        for (Sample s : samples) {
            if (s == null || s.link() == null || s.type() == null) {
                throw new IllegalArgumentException("a sample without a link or type has no binary form");
            }
            intern(s.link().from(), index, names);
            intern(s.link().to(), index, names);
            size += s instanceof Sample.Echo ? ECHO_BYTES : BANDWIDTH_BYTES;
        }
        for (byte[] n : names) size += 1 + n.length;
        if (size > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("batch needs " + size + " bytes, a frame may hold " + MAX_FRAME_BYTES);
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).put((byte) VERSION).put((byte) 0).putShort((short) names.size())
                .putLong(batch.sequence()).putInt(samples.size());
        for (byte[] n : names) b.put((byte) n.length).put(n);
        for (Sample s : samples) {
            int from = index.get(s.link().from()), to = index.get(s.link().to());
            switch (s) {
                case Sample.Echo e -> b.put((byte) KIND_ECHO).put((byte) e.type().ordinal()).put((byte) (e.lost() ? 1 : 0)).put((byte) 0)
                        .putShort((short) from).putShort((short) to)
                        .putLong(e.timestampNanos()).putLong(e.sequence()).putLong(e.rttNanos());
                case Sample.Bandwidth w -> b.put((byte) KIND_BANDWIDTH).put((byte) ProbeType.IPERF.ordinal()).put((byte) 0).put((byte) 0)
                        .putShort((short) from).putShort((short) to)
                        .putLong(w.timestampNanos()).putLong(w.durationNanos()).putDouble(w.mbps()).putDouble(w.lossPercent())
                        .putLong(w.retransmits());
            }
        }
        return b.array();
    }

    private static void intern(String name, Map<String, Integer> index, List<byte[]> names) {
        if (name == null) throw new IllegalArgumentException("a null name has no binary form");
        if (index.containsKey(name)) return;
        byte[] utf8;
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(java.nio.CharBuffer.wrap(name));
            utf8 = Arrays.copyOf(encoded.array(), encoded.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("name '" + name + "' is not well-formed Unicode (a lone surrogate)");
        }
        if (utf8.length == 0 || utf8.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name '" + name + "' is " + utf8.length + " UTF-8 bytes; a frame holds 1.." + MAX_NAME_BYTES);
        }
        if (names.size() == MAX_STRINGS) throw new IllegalArgumentException("more than " + MAX_STRINGS + " distinct names in one batch");
        index.put(name, names.size());
        names.add(utf8);
    }

    /** Decodes the bytes from {@code position} to {@code limit} of {@code frame} (which is not moved). */
    public static Decoded decode(ByteBuffer frame) {
        return decode(frame, null);
    }

    /**
     * Decodes the frames of one connection, handing out the same {@link LinkId} for a link in
     * every frame: the ingest's per-sample map lookups then find their key by
     * identity instead of comparing names. Holds at most {@value #MAX_CACHED_LINKS} links (it starts
     * afresh beyond). Not thread-safe: one per connection, whose messages arrive one at a time.
     */
    public static final class Decoder {
        static final int MAX_CACHED_LINKS = 4096;
        private final Map<String, Map<String, LinkId>> links = new HashMap<>();
        private int size;

        public Decoded decode(ByteBuffer frame) {
            return SampleFrames.decode(frame, this);
        }

        LinkId link(String from, String to) {
            Map<String, LinkId> row = links.get(from);
            LinkId l = row == null ? null : row.get(to);
            if (l != null) return l;
            if (size >= MAX_CACHED_LINKS) {
                links.clear();
                size = 0;
            }
            l = new LinkId(from, to);
            links.computeIfAbsent(from, k -> new HashMap<>()).put(to, l);
            size++;
            return l;
        }
    }

    private static Decoded decode(ByteBuffer frame, Decoder cache) {
        ByteBuffer b = frame.slice().order(ByteOrder.BIG_ENDIAN);
        int size = b.remaining();
        if (size > MAX_FRAME_BYTES) return bad("frame of " + size + " bytes is over the limit of " + MAX_FRAME_BYTES);
        if (size < HEADER_BYTES) return bad("frame of " + size + " bytes is shorter than the " + HEADER_BYTES + "-byte header");
        int magic = b.getInt();
        if (magic != MAGIC) return bad(String.format("not a sample frame (magic 0x%08x, expected 0x%08x)", magic, MAGIC));
        int version = b.get() & 0xFF;
        if (version != VERSION) return bad("frame version " + version + " is not supported (this controller reads version " + VERSION + ")");
        int flags = b.get() & 0xFF;
        if (flags != 0) return bad("reserved header flags are set (0x" + Integer.toHexString(flags) + ")");
        int stringCount = b.getShort() & 0xFFFF;
        long sequence = b.getLong();
        int count = b.getInt();
        if (stringCount == 0) return bad("the string table is empty; it must hold at least the agent id");
        if (count < 0) return bad("negative sample count " + count);
        // every string takes at least 2 bytes and every record at least ECHO_BYTES: bound both before allocating
        if ((long) stringCount * 2 + (long) count * ECHO_BYTES > b.remaining()) {
            return bad("header announces " + stringCount + " strings and " + count + " samples, but only " + b.remaining()
                    + " bytes follow it");
        }
        String[] strings = new String[stringCount];
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int i = 0; i < stringCount; i++) {
            if (b.remaining() < 1) return bad("string table truncated at string " + i);
            int len = b.get() & 0xFF;
            if (len == 0) return bad("string " + i + " is empty");
            if (b.remaining() < len) return bad("string " + i + " of " + len + " bytes is truncated (" + b.remaining() + " left)");
            ByteBuffer bytes = b.slice(b.position(), len);
            b.position(b.position() + len);
            try {
                strings[i] = utf8.decode(bytes).toString();
            } catch (CharacterCodingException e) {
                return bad("string " + i + " is not valid UTF-8");
            }
        }
        if ((long) count * ECHO_BYTES > b.remaining()) {
            return bad(count + " samples need at least " + (long) count * ECHO_BYTES + " bytes, " + b.remaining() + " follow the string table");
        }
        String agent = strings[0];
        // links from the agent itself, the usual case, share one LinkId per peer
        LinkId[] fromAgent = new LinkId[stringCount];
        List<Sample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (b.remaining() < ECHO_BYTES) return bad("sample " + i + " is truncated (" + b.remaining() + " bytes left)");
            int kind = b.get() & 0xFF;
            int type = b.get() & 0xFF;
            int recordFlags = b.get() & 0xFF;
            int reserved = b.get() & 0xFF;
            int from = b.getShort() & 0xFFFF;
            int to = b.getShort() & 0xFFFF;
            if (reserved != 0) return bad("sample " + i + " has a non-zero reserved byte");
            if (from >= stringCount || to >= stringCount) {
                return bad("sample " + i + " names string " + Math.max(from, to) + ", the table holds " + stringCount);
            }
            if (type >= TYPES.length) return bad("sample " + i + " has probe type " + type + ", there are " + TYPES.length);
            LinkId link;
            if (from == 0) {
                link = fromAgent[to];
                if (link == null) link = fromAgent[to] = cache == null ? new LinkId(agent, strings[to]) : cache.link(agent, strings[to]);
            } else {
                link = cache == null ? new LinkId(strings[from], strings[to]) : cache.link(strings[from], strings[to]);
            }
            long timestamp = b.getLong();
            switch (kind) {
                case KIND_ECHO -> {
                    if ((recordFlags & ~1) != 0) return bad("sample " + i + " has unknown flags 0x" + Integer.toHexString(recordFlags));
                    long probeSequence = b.getLong();
                    long rtt = b.getLong();
                    samples.add(new Sample.Echo(link, TYPES[type], probeSequence, timestamp, rtt, (recordFlags & 1) != 0));
                }
                case KIND_BANDWIDTH -> {
                    if (recordFlags != 0) return bad("bandwidth sample " + i + " has flags 0x" + Integer.toHexString(recordFlags));
                    if (TYPES[type] != ProbeType.IPERF) return bad("bandwidth sample " + i + " is typed " + TYPES[type] + ", not IPERF");
                    if (b.remaining() < BANDWIDTH_BYTES - 16) return bad("bandwidth sample " + i + " is truncated (" + b.remaining() + " bytes left)");
                    long duration = b.getLong();
                    double mbps = b.getDouble();
                    double loss = b.getDouble();
                    long retransmits = b.getLong();
                    samples.add(new Sample.Bandwidth(link, timestamp, duration, mbps, loss, retransmits));
                }
                default -> {
                    return bad("sample " + i + " has unknown kind " + kind);
                }
            }
        }
        if (b.hasRemaining()) return bad(b.remaining() + " bytes follow the last sample");
        return new Frame(new SampleBatch(agent, sequence, samples));
    }

    private static Malformed bad(String reason) {
        return new Malformed(reason);
    }

    /** Convenience for tests and tools. */
    public static Decoded decode(byte[] frame) {
        return decode(ByteBuffer.wrap(frame));
    }
}

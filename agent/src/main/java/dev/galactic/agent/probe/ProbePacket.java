package dev.galactic.agent.probe;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The UDP probe datagram. Big-endian, 40 bytes plus the sender id:
 *
 * <pre>
 *  offset size field
 *   0     4   magic 0x474C5850 ("GLXP")
 *   4     1   version (1)
 *   5     1   kind: 1 request, 2 reply
 *   6     2   sender id length n (UTF-8 bytes, at most 255)
 *   8     8   sequence number (per prober, from 0)
 *  16     8   send timestamp, nanoseconds of the sender's monotonic clock; echoed verbatim
 *  24     8   reflector receive time, epoch nanoseconds (0 in a request)
 *  32     8   reflector transmit time, epoch nanoseconds (0 in a request)
 *  40     n   sender id: the probing node's name, echoed so a prober can ignore foreign replies
 * </pre>
 *
 * The reflector's timestamps are informational (one-way delay needs synchronised clocks); RTT
 * is the sender's receive time minus its echoed send time, so it includes any time the reply
 * spent in the reflector.
 */
public record ProbePacket(Kind kind, String senderId, long sequence, long sendNanos, long reflectorRxNanos,
                          long reflectorTxNanos) {

    public static final int MAGIC = 0x474C5850;
    public static final byte VERSION = 1;
    public static final int HEADER_BYTES = 40;
    public static final int MAX_SENDER_BYTES = 255;
    public static final int MAX_BYTES = HEADER_BYTES + MAX_SENDER_BYTES;

    public enum Kind { REQUEST, REPLY }

    public static ProbePacket request(String senderId, long sequence, long sendNanos) {
        return new ProbePacket(Kind.REQUEST, senderId, sequence, sendNanos, 0, 0);
    }

    public ProbePacket reply(long rxNanos, long txNanos) {
        return new ProbePacket(Kind.REPLY, senderId, sequence, sendNanos, rxNanos, txNanos);
    }

    /** Writes the packet at the buffer's position; the buffer needs {@link #MAX_BYTES} free. */
    public void encode(ByteBuffer out) {
        byte[] id = senderId.getBytes(StandardCharsets.UTF_8);
        if (id.length > MAX_SENDER_BYTES) {
            throw new IllegalArgumentException("sender id longer than " + MAX_SENDER_BYTES + " bytes");
        }
        out.putInt(MAGIC).put(VERSION).put((byte) (kind.ordinal() + 1)).putShort((short) id.length)
                .putLong(sequence).putLong(sendNanos).putLong(reflectorRxNanos).putLong(reflectorTxNanos).put(id);
    }

    /** Reads a packet between position and limit; null if it is not a well-formed probe of this version. */
    public static ProbePacket decode(ByteBuffer in) {
        if (in.remaining() < HEADER_BYTES || in.getInt() != MAGIC || in.get() != VERSION) {
            return null;
        }
        int kind = in.get();
        int idLength = Short.toUnsignedInt(in.getShort());
        if (kind < 1 || kind > 2 || idLength > MAX_SENDER_BYTES) {
            return null;
        }
        long seq = in.getLong(), send = in.getLong(), rx = in.getLong(), tx = in.getLong();
        if (in.remaining() < idLength) {
            return null;
        }
        byte[] id = new byte[idLength];
        in.get(id);
        return new ProbePacket(Kind.values()[kind - 1], new String(id, StandardCharsets.UTF_8), seq, send, rx, tx);
    }
}

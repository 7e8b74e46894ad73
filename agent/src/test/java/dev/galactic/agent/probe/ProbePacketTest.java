package dev.galactic.agent.probe;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class ProbePacketTest {

    @Test
    void roundTripsAndHasTheDocumentedLayout() {
        ProbePacket p = ProbePacket.request("core-ams-1", 42, 123_456_789L).reply(7, 9);
        ByteBuffer b = ByteBuffer.allocate(ProbePacket.MAX_BYTES);
        p.encode(b);
        b.flip();
        assertThat(b.remaining()).isEqualTo(40 + "core-ams-1".length());
        assertThat(b.getInt(0)).isEqualTo(0x474C5850);
        assertThat(b.get(4)).isEqualTo((byte) 1);
        assertThat(b.get(5)).isEqualTo((byte) 2);
        assertThat(b.getLong(8)).isEqualTo(42);
        assertThat(b.getLong(16)).isEqualTo(123_456_789L);
        assertThat(ProbePacket.decode(b)).isEqualTo(p);
    }

    @Test
    void portConventionsBracketIpv6InUrls() {
        var t = new dev.galactic.core.telemetry.ProbeTarget("core2", java.util.List.of("fd00:12::2", "10.0.0.2"),
                dev.galactic.core.telemetry.ProbeType.HTTP, java.time.Duration.ofSeconds(5),
                dev.galactic.core.telemetry.ProbeRelation.CORE_MESH);
        var ports = TargetResolver.PortConventions.DEFAULTS;
        assertThat(ports.http(t)).hasToString("http://[fd00:12::2]:7701/probe");
        assertThat(ports.udpReflector(t).getPort()).isEqualTo(7700);
        assertThat(ports.icmp(t)).isEqualTo("fd00:12::2");
        var none = new dev.galactic.core.telemetry.ProbeTarget("core3", java.util.List.of(),
                dev.galactic.core.telemetry.ProbeType.UDP, java.time.Duration.ofSeconds(1),
                dev.galactic.core.telemetry.ProbeRelation.CORE_MESH);
        assertThat(ports.udpReflector(none)).isNull();
    }

    @Test
    void rejectsForeignAndTruncatedDatagrams() {
        ByteBuffer b = ByteBuffer.allocate(ProbePacket.MAX_BYTES);
        ProbePacket.request("edge", 1, 1).encode(b);
        b.flip();
        ByteBuffer truncated = b.duplicate().limit(b.limit() - 1);
        assertThat(ProbePacket.decode(truncated)).isNull();
        ByteBuffer wrongMagic = ByteBuffer.allocate(b.limit()).put(b.duplicate());
        wrongMagic.putInt(0, 0xDEADBEEF).flip();
        assertThat(ProbePacket.decode(wrongMagic)).isNull();
        ByteBuffer wrongVersion = ByteBuffer.allocate(b.limit()).put(b.duplicate());
        wrongVersion.put(4, (byte) 9).flip();
        assertThat(ProbePacket.decode(wrongVersion)).isNull();
        assertThat(ProbePacket.decode(ByteBuffer.allocate(10))).isNull();
    }
}

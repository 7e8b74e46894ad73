package dev.galactic.core.agent;

import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.Sample;
import dev.galactic.core.telemetry.SampleBatch;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleFramesTest {

    @Property(tries = 300)
    void encodeThenDecodeGivesTheBatchBack(@ForAll("batches") SampleBatch batch) {
        byte[] frame = SampleFrames.encode(batch);
        assertThat(SampleFrames.decode(frame)).isEqualTo(new SampleFrames.Frame(batch));
    }

    /** A connection's decoder gives what the stateless one gives, frame after frame, corrupt ones included. */
    @Property(tries = 100)
    void aConnectionsDecoderAgreesWithTheStatelessOne(@ForAll @Size(max = 12) List<@From("batches") SampleBatch> batches,
                                                       @ForAll @IntRange(min = 0, max = 100) int corruptEvery) {
        SampleFrames.Decoder decoder = new SampleFrames.Decoder();
        for (int i = 0; i < batches.size(); i++) {
            byte[] frame = SampleFrames.encode(batches.get(i));
            if (corruptEvery > 0 && i % corruptEvery == 0) frame[frame.length / 2] ^= 0x5A;
            assertThat(decoder.decode(ByteBuffer.wrap(frame))).isEqualTo(SampleFrames.decode(frame));
        }
    }

    @Example
    void aConnectionsDecoderHandsOutOneLinkIdPerLinkAndStaysBounded() {
        SampleFrames.Decoder decoder = new SampleFrames.Decoder();
        LinkId first = link(decoder.decode(ByteBuffer.wrap(SampleFrames.encode(batch(echo("a", "b"))))));
        LinkId again = link(decoder.decode(ByteBuffer.wrap(SampleFrames.encode(batch(echo("a", "b"))))));
        assertThat(again).isSameAs(first);
        for (int i = 0; i < SampleFrames.Decoder.MAX_CACHED_LINKS + 10; i++) {
            assertThat(link(decoder.decode(ByteBuffer.wrap(SampleFrames.encode(batch(echo("a", "p" + i))))))).isEqualTo(LinkId.of("a", "p" + i));
        }
        LinkId afterOverflow = link(decoder.decode(ByteBuffer.wrap(SampleFrames.encode(batch(echo("a", "b"))))));
        assertThat(afterOverflow).isEqualTo(first);
    }

    private static LinkId link(SampleFrames.Decoded d) {
        return ((SampleFrames.Frame) d).batch().samples().getFirst().link();
    }

    @Property(tries = 200)
    void decodesFromTheBufferPositionWithoutMovingIt(@ForAll("batches") SampleBatch batch, @ForAll @IntRange(max = 20) int pad) {
        byte[] frame = SampleFrames.encode(batch);
        ByteBuffer b = ByteBuffer.allocate(pad + frame.length + pad);
        b.position(pad);
        b.put(frame);
        b.position(pad).limit(pad + frame.length);
        assertThat(SampleFrames.decode(b)).isEqualTo(new SampleFrames.Frame(batch));
        assertThat(b.position()).isEqualTo(pad);
    }

    @Property(tries = 300)
    void everyTruncationIsMalformed(@ForAll("batches") SampleBatch batch, @ForAll @IntRange(min = 1, max = 1 << 20) int cut) {
        byte[] frame = SampleFrames.encode(batch);
        int length = frame.length - 1 - (cut - 1) % frame.length;
        assertThat(SampleFrames.decode(Arrays.copyOf(frame, length))).isInstanceOf(SampleFrames.Malformed.class);
    }

    @Property(tries = 200)
    void trailingBytesAreMalformed(@ForAll("batches") SampleBatch batch, @ForAll @Size(min = 1, max = 64) byte[] extra) {
        byte[] frame = SampleFrames.encode(batch);
        byte[] longer = Arrays.copyOf(frame, frame.length + extra.length);
        System.arraycopy(extra, 0, longer, frame.length, extra.length);
        assertThat(SampleFrames.decode(longer)).isEqualTo(new SampleFrames.Malformed(extra.length + " bytes follow the last sample"));
    }

    /** Corrupted frames decode to something or to a reason; nothing is thrown. */
    @Property(tries = 1000)
    void corruptedFramesNeverThrow(@ForAll("batches") SampleBatch batch, @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 1 << 20) Integer> positions,
                                   @ForAll @Size(min = 8, max = 8) byte[] values) {
        byte[] frame = SampleFrames.encode(batch);
        for (int i = 0; i < positions.size(); i++) frame[positions.get(i) % frame.length] = values[i];
        SampleFrames.Decoded d = SampleFrames.decode(frame);
        assertThat(d).isNotNull();
        if (d instanceof SampleFrames.Frame f) {
            // whatever decoded must be a batch the encoder could have written
            assertThat(SampleFrames.decode(SampleFrames.encode(f.batch()))).isEqualTo(d);
        }
    }

    /** Headers may announce anything: counts are checked against the bytes present before anything is allocated. */
    @Property(tries = 1000)
    void arbitraryHeadersAndBodiesNeverThrow(@ForAll @IntRange(min = 0, max = 0xFFFF) int strings, @ForAll int samples,
                                             @ForAll @Size(max = 300) byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(20 + body.length);
        b.putInt(SampleFrames.MAGIC).put((byte) 1).put((byte) 0).putShort((short) strings).putLong(7).putInt(samples).put(body);
        SampleFrames.Decoded d = SampleFrames.decode(b.flip());
        if (d instanceof SampleFrames.Frame f) {
            assertThat(f.batch().samples()).hasSize(samples);
            assertThat(samples).isLessThanOrEqualTo(body.length / 32);
        }
    }

    @Property(tries = 500)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 200) byte[] bytes) {
        assertThat(SampleFrames.decode(bytes)).isInstanceOf(SampleFrames.Malformed.class);
    }

    @Example
    void hugeAnnouncedCountsAreRefusedWithoutAllocating() {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.putInt(SampleFrames.MAGIC).put((byte) 1).put((byte) 0).putShort((short) 0xFFFF).putLong(1).putInt(Integer.MAX_VALUE);
        b.position(64);
        assertThat(SampleFrames.decode(b.flip())).isEqualTo(new SampleFrames.Malformed(
                "header announces 65535 strings and 2147483647 samples, but only 44 bytes follow it"));
    }

    @Example
    void oversizedFramesAreRefusedBeforeDecoding() {
        byte[] frame = SampleFrames.encode(batch(echo("a", "b")));
        byte[] huge = Arrays.copyOf(frame, SampleFrames.MAX_FRAME_BYTES + 1);
        assertThat(SampleFrames.decode(huge)).isEqualTo(new SampleFrames.Malformed(
                "frame of " + (SampleFrames.MAX_FRAME_BYTES + 1) + " bytes is over the limit of " + SampleFrames.MAX_FRAME_BYTES));
    }

    @Example
    void headerFieldsAreChecked() {
        byte[] good = SampleFrames.encode(batch(echo("a", "b")));
        assertThat(reason(patch(good, 0, 'X'))).startsWith("not a sample frame (magic 0x58534246");
        assertThat(reason(patch(good, 4, 2))).isEqualTo("frame version 2 is not supported (this controller reads version 1)");
        assertThat(reason(patch(good, 5, 1))).isEqualTo("reserved header flags are set (0x1)");
        assertThat(reason(patch(patch(good, 6, 0), 7, 0))).isEqualTo("the string table is empty; it must hold at least the agent id");
        assertThat(reason(patch(good, 16, 0x80))).isEqualTo("negative sample count -2147483647");
        assertThat(reason(Arrays.copyOf(good, 19))).isEqualTo("frame of 19 bytes is shorter than the 20-byte header");
    }

    @Example
    void recordFieldsAreChecked() {
        byte[] good = SampleFrames.encode(batch(echo("a", "b")));
        int record = 20 + 2 + 2; // header, then strings "a" and "b"
        assertThat(reason(patch(good, record, 7))).isEqualTo("sample 0 has unknown kind 7");
        assertThat(reason(patch(good, record + 1, 9))).isEqualTo("sample 0 has probe type 9, there are 5");
        assertThat(reason(patch(good, record + 2, 2))).isEqualTo("sample 0 has unknown flags 0x2");
        assertThat(reason(patch(good, record + 3, 1))).isEqualTo("sample 0 has a non-zero reserved byte");
        assertThat(reason(patch(good, record + 7, 2))).isEqualTo("sample 0 names string 2, the table holds 2");
        assertThat(reason(patch(good, 21, 0xFF))).isEqualTo("string 0 is not valid UTF-8");
        assertThat(reason(patch(good, 20, 0))).isEqualTo("string 0 is empty");
        // a bandwidth record must say IPERF: an echo's fields would be misread otherwise
        byte[] bw = SampleFrames.encode(batch(new Sample.Bandwidth(LinkId.of("a", "b"), 5, 10, 100, 0, 0)));
        assertThat(reason(patch(bw, record + 1, ProbeType.UDP.ordinal()))).isEqualTo("bandwidth sample 0 is typed UDP, not IPERF");
    }

    @Example
    void anEchoTypedIperfDecodesForTheValidatorToRefuse() {
        SampleBatch b = batch(new Sample.Echo(LinkId.of("a", "b"), ProbeType.IPERF, 1, 2, 3, false));
        assertThat(SampleFrames.decode(SampleFrames.encode(b))).isEqualTo(new SampleFrames.Frame(b));
    }

    @Example
    void batchesWithoutABinaryFormAreRefusedByTheEncoder() {
        assertThatThrownBy(() -> SampleFrames.encode(new SampleBatch("a", 1, Arrays.asList((Sample) null))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleFrames.encode(batch(echo("a", "b".repeat(256)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256 UTF-8 bytes");
        assertThatThrownBy(() -> SampleFrames.encode(new SampleBatch("", 1, List.of()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleFrames.encode(new SampleBatch("a\uD800", 1, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> SampleFrames.encode(batch(new Sample.Echo(LinkId.of("a", "b"), null, 1, 2, 3, false))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void echoRecordsTake32BytesAndNamesAreSentOnce() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 1000; i++) samples.add(echo("core1", "core" + (2 + i % 10)));
        byte[] frame = SampleFrames.encode(new SampleBatch("core1", 1, samples));
        assertThat(frame.length).isEqualTo(20 + (1 + 5) + 8 * (1 + 5) + 2 * (1 + 6) + 1000 * 32); // core1; core2..core9; core10, core11
    }

    private static String reason(byte[] frame) {
        SampleFrames.Decoded d = SampleFrames.decode(frame);
        assertThat(d).isInstanceOf(SampleFrames.Malformed.class);
        return ((SampleFrames.Malformed) d).reason();
    }

    private static byte[] patch(byte[] frame, int at, int value) {
        byte[] copy = frame.clone();
        copy[at] = (byte) value;
        return copy;
    }

    private static Sample echo(String from, String to) {
        return Sample.Echo.reply(LinkId.of(from, to), ProbeType.UDP, 1, 1_764_000_000_000_000_000L, 2_000_000);
    }

    private static SampleBatch batch(Sample... samples) {
        return new SampleBatch(samples[0].link().from(), 1, List.of(samples));
    }

    /** No lone surrogates: such a name has no UTF-8 form (the encoder refuses it, see below). */
    private static boolean wellFormed(String s) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    @Provide
    Arbitrary<SampleBatch> batches() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("core1", "core2", "edge-fra", "edge-ams"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(60).filter(SampleFramesTest::wellFormed),
                // at most 255 UTF-8 bytes
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(120).filter(SampleFramesTest::wellFormed)
                        .filter(s -> s.getBytes(StandardCharsets.UTF_8).length <= 255));
        Arbitrary<LinkId> links = Combinators.combine(names, names).as(LinkId::new);
        Arbitrary<Sample> echoes = Combinators.combine(links, Arbitraries.of(ProbeType.values()), Arbitraries.longs(), Arbitraries.longs(),
                Arbitraries.longs(), Arbitraries.of(true, false)).as(Sample.Echo::new);
        Arbitrary<Double> doubles = Arbitraries.oneOf(Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0));
        Arbitrary<Sample> bandwidths = Combinators.combine(links, Arbitraries.longs(), Arbitraries.longs(), doubles, doubles,
                Arbitraries.longs()).as(Sample.Bandwidth::new);
        Arbitrary<List<Sample>> samples = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, echoes), net.jqwik.api.Tuple.of(1, bandwidths)).list().ofMaxSize(40);
        return Combinators.combine(names, Arbitraries.longs(), samples).as(SampleBatch::new);
    }
}

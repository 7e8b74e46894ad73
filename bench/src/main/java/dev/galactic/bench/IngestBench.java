package dev.galactic.bench;

import dev.galactic.core.agent.SampleFrames;
import dev.galactic.core.telemetry.LinkEvent;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.RateLimit;
import dev.galactic.core.telemetry.RejectReason;
import dev.galactic.core.telemetry.Sample;
import dev.galactic.core.telemetry.SampleBatch;
import dev.galactic.core.telemetry.TelemetryIngest;
import dev.galactic.core.telemetry.TrackerConfig;
import dev.galactic.core.telemetry.ValidationLimits;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Pushes synthetic UDP probe samples through telemetry ingest (validation and per-link window
 * aggregation) and prints the rate and the memory held per link. Samples are made while the
 * clock runs, as the controller receives them freshly decoded; the time spent making them alone
 * is measured separately and printed as the baseline.
 *
 * <p>Then, separately, the time to decode the same kind of batches from binary
 * {@link SampleFrames}, which the controller does per agent message before ingest.
 *
 * <p>Simulated time advances by 1 ms per batch, so windows roll over and slots are reused as in
 * production. Behind {@code galactic bench ingest}.
 */
public final class IngestBench {

    /**
     * @param cores nodes in the full mesh; links = cores * (cores - 1)
     * @param samples measured samples (after a warm-up of a fifth as many)
     * @param batchSize samples per agent batch
     */
    public record Options(int cores, long samples, int batchSize, long seed) {
        public static final Options DEFAULTS = new Options(45, 10_000_000, 1_000, 1);
    }

    private IngestBench() {
    }

    public static void main(String[] args) {
        Options o = Options.DEFAULTS;
        if (args.length >= 1) o = new Options(Integer.parseInt(args[0]), o.samples(), o.batchSize(), o.seed());
        if (args.length >= 2) o = new Options(o.cores(), Long.parseLong(args[1]), o.batchSize(), o.seed());
        run(System.out, o);
    }

    public static void run(PrintStream out) {
        run(out, Options.DEFAULTS);
    }

    public static void run(PrintStream out, Options o) {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < o.cores(); i++) nodes.add("core" + i);
        LinkId[][] links = new LinkId[o.cores()][o.cores() - 1];
        for (int a = 0; a < o.cores(); a++) {
            int k = 0;
            for (int b = 0; b < o.cores(); b++) if (a != b) links[a][k++] = LinkId.of(nodes.get(a), nodes.get(b));
        }
        int linkCount = o.cores() * (o.cores() - 1);
        out.printf(Locale.ROOT, "ingest bench: %d nodes, %d directed links, %,d samples in batches of %d%n",
                o.cores(), linkCount, o.samples(), o.batchSize());

        long heapBefore = usedHeapAfterGc();
        // simulated time runs far faster than agents would send, so the per-agent budget is lifted:
        // this measures validation and aggregation, not the limiter refusing batches
        TelemetryIngest ingest = new TelemetryIngest(Set.copyOf(nodes), ValidationLimits.DEFAULTS,
                new RateLimit(1e15, 1e15), TrackerConfig.DEFAULTS);
        Generator g = new Generator(links, o, new SplittableRandom(o.seed() + 1));
        g.batches(o.samples() / 5, b -> ingest.accept(b, g.now));
        long t1 = System.nanoTime();
        g.batches(o.samples(), b -> ingest.accept(b, g.now));
        double ingestSeconds = (System.nanoTime() - t1) / 1e9;

        long t2 = System.nanoTime();
        List<LinkEvent> events = ingest.evaluate(g.now);
        double evalMillis = (System.nanoTime() - t2) / 1e6;
        long heapAfter = usedHeapAfterGc();
        double perLink = (double) (heapAfter - heapBefore) / ingest.tracker().linkCount();

        // the baseline runs last, when the shared sample-making code is as warm as it was for ingest
        Generator baseline = new Generator(links, o, new SplittableRandom(o.seed()));
        baseline.batches(o.samples() / 5, b -> { });
        long t0 = System.nanoTime();
        long sink = baseline.batches(o.samples(), b -> { });
        double genSeconds = (System.nanoTime() - t0) / 1e9;

        // what the controller does per binary message before ingest: decode a frame into a batch
        List<byte[]> frames = new ArrayList<>();
        Generator framed = new Generator(links, o, new SplittableRandom(o.seed() + 2));
        framed.batches((long) o.cores() * 4 * o.batchSize(), b -> frames.add(SampleFrames.encode(b)));
        long decodeSink = decodeFrames(frames, o.samples() / 5);
        long t3 = System.nanoTime();
        decodeSink += decodeFrames(frames, o.samples());
        double decodeSeconds = (System.nanoTime() - t3) / 1e9;

        out.printf(Locale.ROOT, "making samples only:          %,14.0f samples/s (baseline)%n", o.samples() / genSeconds);
        out.printf(Locale.ROOT, "validate + aggregate:         %,14.0f samples/s, including making them%n", o.samples() / ingestSeconds);
        out.printf(Locale.ROOT, "decoding binary frames only:  %,14.0f samples/s (%,d-byte frames of %d samples)%n",
                o.samples() / decodeSeconds, frames.getFirst().length, o.batchSize());
        long rejected = java.util.Arrays.stream(RejectReason.values()).mapToLong(ingest::rejected).sum();
        out.printf(Locale.ROOT, "accepted %,d samples (warm-up included), rejected %,d; links tracked %d%n",
                ingest.acceptedSamples(), rejected, ingest.tracker().linkCount());
        out.printf(Locale.ROOT, "link-state evaluation of all links: %.1f ms (%d events)%n", evalMillis, events.size());
        out.printf(Locale.ROOT, "heap held per link: %,.0f bytes measured (UDP window histograms alone: %,d bytes)%n",
                perLink, TrackerConfig.DEFAULTS.window().histogramBytesPerSeries());
        if (sink == 42 || decodeSink == 42) out.print(""); // keeps the measured loops from being optimised away
    }

    /** Decodes the frames round robin until {@code samples} samples came out; returns their count. */
    private static long decodeFrames(List<byte[]> frames, long samples) {
        long decoded = 0;
        for (int i = 0; decoded < samples; i = (i + 1) % frames.size()) {
            if (!(SampleFrames.decode(frames.get(i)) instanceof SampleFrames.Frame f)) throw new IllegalStateException("bench frame does not decode");
            List<Sample> got = f.batch().samples();
            decoded += got.size() + (got.getLast().timestampNanos() == 42 ? 1 : 0); // reads the samples, so they are made
        }
        return decoded;
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Synthetic agents: each batch comes from the next agent and covers its links, 1% lost. */
    private static final class Generator {
        final LinkId[][] links;
        final Options o;
        final SplittableRandom rnd;
        final long[] batchSeq;
        final long[] probeSeq;
        long now = 1_764_000_000_000_000_000L;
        int agent;

        Generator(LinkId[][] links, Options o, SplittableRandom rnd) {
            this.links = links;
            this.o = o;
            this.rnd = rnd;
            this.batchSeq = new long[links.length];
            this.probeSeq = new long[links.length];
        }

        long batches(long samples, java.util.function.Consumer<SampleBatch> consumer) {
            long made = 0, checksum = 0;
            while (made < samples) {
                LinkId[] mine = links[agent];
                Sample[] batch = new Sample[o.batchSize()];
                for (int i = 0; i < batch.length; i++) {
                    LinkId l = mine[i % mine.length];
                    long seq = probeSeq[agent]++;
                    long ts = now - 1_000_000 + i;
                    batch[i] = rnd.nextInt(100) == 0 ? Sample.Echo.lost(l, ProbeType.UDP, seq, ts)
                            : Sample.Echo.reply(l, ProbeType.UDP, seq, ts, 1_000_000 + rnd.nextLong(80_000_000));
                }
                SampleBatch b = new SampleBatch(mine[0].from(), ++batchSeq[agent], List.of(batch));
                consumer.accept(b);
                checksum += b.samples().size();
                made += batch.length;
                agent = (agent + 1) % links.length;
                now += 1_000_000;
            }
            return checksum;
        }
    }
}

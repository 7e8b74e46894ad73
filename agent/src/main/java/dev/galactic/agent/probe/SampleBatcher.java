package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.Sample;
import dev.galactic.core.telemetry.SampleBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects samples from all probers into {@link SampleBatch}es, closed at {@code maxSamples},
 * when the oldest sample has waited {@code maxDelay}, or at once when a probe was lost, whichever
 * comes first. Thread-safe; the
 * sink is called with the lock held, so batches arrive in sequence order.
 *
 * <p>Batch sequences must keep growing across agent restarts (the controller drops replays), so
 * the first one is taken from the wall clock in microseconds: a restarted agent starts above
 * anything it sent before unless it sent more than a million batches a second or its clock
 * stepped back.
 */
public final class SampleBatcher {

    private final String agentId;
    private final int maxSamples;
    private final long maxDelayNanos;
    private final SampleSink sink;
    private List<Sample> pending;
    private long oldestAt;
    private long nextSequence;

    public SampleBatcher(String agentId, long firstSequence, int maxSamples, long maxDelayNanos, SampleSink sink) {
        if (maxSamples < 1 || maxDelayNanos <= 0) {
            throw new IllegalArgumentException("batches need room for a sample and a positive delay");
        }
        this.agentId = agentId;
        this.nextSequence = firstSequence;
        this.maxSamples = maxSamples;
        this.maxDelayNanos = maxDelayNanos;
        this.sink = sink;
        this.pending = new ArrayList<>(maxSamples);
    }

    public static long firstSequenceFrom(WallClock clock) {
        return clock.epochNanos() / 1_000;
    }

    public synchronized void add(Sample s) {
        if (pending.isEmpty()) {
            oldestAt = System.nanoTime();
        }
        pending.add(s);
        // a lost probe leaves at once: the controller may have to move traffic for it
        if (pending.size() >= maxSamples || (s instanceof Sample.Echo e && e.lost())) {
            flush();
        }
    }

    /** Closes the batch if its oldest sample has waited long enough; the scheduler calls this often. */
    public synchronized void flushIfDue() {
        if (!pending.isEmpty() && System.nanoTime() - oldestAt >= maxDelayNanos) {
            flush();
        }
    }

    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Sample> batch = pending;
        pending = new ArrayList<>(maxSamples);
        sink.accept(new SampleBatch(agentId, nextSequence++, batch));
    }
}

package dev.galactic.core.telemetry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ingest pipeline without its I/O: validate a batch against the registered nodes and the
 * agent's last batch, hold each agent to its sample budget, count refusals by reason, feed
 * accepted samples to the tracker.
 * Single-threaded and deterministic; the controller owns the thread and the clock.
 */
public final class TelemetryIngest {

    private final BatchValidator validator;
    private final LinkStateTracker tracker;
    private final RateLimit rateLimit;
    private final Map<String, Long> lastBatch = new HashMap<>();
    private final Map<String, RateLimit.Bucket> budgets = new HashMap<>();
    private final long[] rejections = new long[RejectReason.values().length];
    private Set<String> knownNodes;
    private long acceptedSamples;

    public TelemetryIngest(Set<String> knownNodes, ValidationLimits limits, TrackerConfig config) {
        this(knownNodes, limits, RateLimit.DEFAULTS, config);
    }

    public TelemetryIngest(Set<String> knownNodes, ValidationLimits limits, RateLimit rateLimit, TrackerConfig config) {
        this.knownNodes = Set.copyOf(knownNodes);
        this.rateLimit = rateLimit;
        this.validator = new BatchValidator(limits);
        this.tracker = new LinkStateTracker(config);
    }

    /** Replaces the registered nodes, e.g. when a Node resource is added or removed. */
    public void knownNodes(Set<String> nodes) {
        this.knownNodes = Set.copyOf(nodes);
        lastBatch.keySet().retainAll(knownNodes);
        budgets.keySet().retainAll(knownNodes);
    }

    /** Validates and aggregates one batch received at {@code nowNanos}. */
    public Result accept(SampleBatch batch, long nowNanos) {
        long last = lastBatch.getOrDefault(batch.agentId(), BatchValidator.NO_BATCH_YET);
        BatchValidator.Verdict v = validator.validate(batch, knownNodes, last, nowNanos);
        for (Rejection r : v.rejected()) {
            rejections[r.reason().ordinal()]++;
        }
        if (v.batchRejected()) {
            return new Result(false, 0, v.rejected());
        }
        RateLimit.Bucket budget = budgets.getOrDefault(batch.agentId(), new RateLimit.Bucket(rateLimit.burst(), nowNanos))
                .take(rateLimit, batch.samples().size(), nowNanos);
        if (budget == null) {
            rejections[RejectReason.RATE_LIMITED.ordinal()]++;
            return new Result(false, 0, List.of(new Rejection(RejectReason.RATE_LIMITED, -1, "agent '" + batch.agentId()
                    + "' is over its budget of " + rateLimit.samplesPerSecond() + " samples/s; batch of "
                    + batch.samples().size() + " dropped")));
        }
        budgets.put(batch.agentId(), budget);
        lastBatch.put(batch.agentId(), batch.sequence());
        for (Sample s : v.accepted()) {
            tracker.record(s);
        }
        acceptedSamples += v.accepted().size();
        return new Result(true, v.accepted().size(), v.rejected());
    }

    public List<LinkEvent> evaluate(long nowNanos) {
        return tracker.evaluate(nowNanos);
    }

    public LinkStateTracker tracker() { return tracker; }

    public long rejected(RejectReason reason) { return rejections[reason.ordinal()]; }

    public long acceptedSamples() { return acceptedSamples; }

    /**
     * @param batchAccepted false when the whole batch was refused (and its sequence not recorded)
     * @param acceptedSamples samples that reached the windows
     */
    public record Result(boolean batchAccepted, int acceptedSamples, List<Rejection> rejections) {
    }
}

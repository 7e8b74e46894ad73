package dev.galactic.core.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides which parts of a batch ingest may use. Pure: the caller supplies the registered
 * nodes, the agent's last accepted batch sequence and the current time.
 */
public final class BatchValidator {

    /** No batch accepted yet from this agent. */
    public static final long NO_BATCH_YET = Long.MIN_VALUE;

    private final ValidationLimits limits;

    public BatchValidator(ValidationLimits limits) {
        this.limits = limits;
    }

    public ValidationLimits limits() { return limits; }

    /**
     * @param knownNodes names of registered nodes
     * @param lastAcceptedSequence the agent's last accepted batch sequence, or {@link #NO_BATCH_YET}
     * @param nowNanos the controller's time, epoch nanoseconds
     */
    public Verdict validate(SampleBatch batch, Set<String> knownNodes, long lastAcceptedSequence, long nowNanos) {
        Rejection whole = checkBatch(batch, knownNodes, lastAcceptedSequence);
        if (whole != null) {
            return new Verdict(List.of(), List.of(whole));
        }
        List<Sample> samples = batch.samples();
        List<Sample> accepted = new ArrayList<>(samples.size());
        List<Rejection> rejected = List.of();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            RejectReason reason = check(s, batch.agentId(), knownNodes, nowNanos);
            if (reason == null) {
                accepted.add(s);
            } else {
                if (rejected.isEmpty()) {
                    rejected = new ArrayList<>();
                }
                rejected.add(new Rejection(reason, i, describe(reason, s, nowNanos)));
            }
        }
        return new Verdict(accepted, rejected);
    }

    private Rejection checkBatch(SampleBatch batch, Set<String> knownNodes, long lastAcceptedSequence) {
        if (!knownNodes.contains(batch.agentId())) {
            return new Rejection(RejectReason.UNKNOWN_AGENT, -1, "agent '" + batch.agentId() + "' is not a registered node");
        }
        if (lastAcceptedSequence != NO_BATCH_YET && batch.sequence() <= lastAcceptedSequence) {
            return new Rejection(RejectReason.REPLAYED_BATCH, -1, "batch " + batch.sequence() + " from '" + batch.agentId()
                    + "' is not after the last accepted batch " + lastAcceptedSequence);
        }
        if (batch.samples().size() > limits.maxBatchSamples()) {
            return new Rejection(RejectReason.BATCH_TOO_LARGE, -1, "batch holds " + batch.samples().size()
                    + " samples, the limit is " + limits.maxBatchSamples());
        }
        return null;
    }

    /** The first rule the sample breaks, or null; allocation-free because it runs per sample. */
    RejectReason check(Sample s, String agentId, Set<String> knownNodes, long nowNanos) {
        LinkId link = s == null ? null : s.link();
        if (link == null || s.type() == null || (s instanceof Sample.Echo && s.type() == ProbeType.IPERF)) {
            return RejectReason.MALFORMED;
        }
        if (!link.from().equals(agentId)) {
            return RejectReason.FOREIGN_SOURCE;
        }
        if (!knownNodes.contains(link.to())) {
            return RejectReason.UNKNOWN_NODE;
        }
        if (link.from().equals(link.to())) {
            return RejectReason.SELF_LINK;
        }
        long t = s.timestampNanos();
        if (t - nowNanos > limits.maxFutureSkewNanos()) {
            return RejectReason.FUTURE_TIMESTAMP;
        }
        if (nowNanos - t > limits.maxAgeNanos()) {
            return RejectReason.STALE_TIMESTAMP;
        }
        return switch (s) {
            case Sample.Echo e when e.lost() -> null;
            case Sample.Echo e when e.rttNanos() < 0 -> RejectReason.NEGATIVE_RTT;
            case Sample.Echo e when e.rttNanos() >= limits.maxRttNanos() -> RejectReason.RTT_TOO_LARGE;
            case Sample.Echo e -> null;
            case Sample.Bandwidth b when !(b.lossPercent() >= 0 && b.lossPercent() <= 100) -> RejectReason.LOSS_OUT_OF_RANGE;
            case Sample.Bandwidth b when !(b.mbps() >= 0 && b.mbps() <= limits.maxMbps()) || b.durationNanos() <= 0 ->
                    RejectReason.BANDWIDTH_OUT_OF_RANGE;
            case Sample.Bandwidth b -> null;
        };
    }

    private String describe(RejectReason reason, Sample s, long nowNanos) {
        return switch (reason) {
            case MALFORMED -> s == null ? "null sample" : "sample " + s + " lacks a link or type, or is an echo typed IPERF";
            case FOREIGN_SOURCE -> "sample for " + s.link() + " does not start at the sending agent";
            case UNKNOWN_NODE -> "sample for " + s.link() + " names unknown node '" + s.link().to() + "'";
            case SELF_LINK -> "sample for " + s.link() + " probes the node itself";
            case FUTURE_TIMESTAMP -> "sample for " + s.link() + " is " + (s.timestampNanos() - nowNanos) / 1_000_000
                    + " ms in the future (allowed skew " + limits.maxFutureSkewNanos() / 1_000_000 + " ms)";
            case STALE_TIMESTAMP -> "sample for " + s.link() + " is " + (nowNanos - s.timestampNanos()) / 1_000_000
                    + " ms old (limit " + limits.maxAgeNanos() / 1_000_000 + " ms)";
            case NEGATIVE_RTT, RTT_TOO_LARGE -> "sample for " + s.link() + " has RTT "
                    + ((Sample.Echo) s).rttNanos() + " ns, outside [0, " + limits.maxRttNanos() + ")";
            case LOSS_OUT_OF_RANGE -> "sample for " + s.link() + " has loss " + ((Sample.Bandwidth) s).lossPercent()
                    + "%, outside 0..100";
            case BANDWIDTH_OUT_OF_RANGE -> "sample for " + s.link() + " has bandwidth " + ((Sample.Bandwidth) s).mbps()
                    + " Mbps over " + ((Sample.Bandwidth) s).durationNanos() + " ns, outside (0, " + limits.maxMbps() + "]";
            case UNKNOWN_AGENT, REPLAYED_BATCH, BATCH_TOO_LARGE, RATE_LIMITED -> throw new IllegalStateException(reason + " is batch-level");
        };
    }

    /** The usable samples and the refusals; a batch-level refusal leaves {@code accepted} empty. */
    public record Verdict(List<Sample> accepted, List<Rejection> rejected) {

        public boolean batchRejected() {
            return rejected.size() == 1 && rejected.getFirst().wholeBatch();
        }
    }
}

package dev.galactic.core.telemetry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One probe result for a directed node pair. Timestamps are epoch nanoseconds taken by the
 * agent when the probe was sent; durations are nanoseconds.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Sample.Echo.class, name = "echo"),
        @JsonSubTypes.Type(value = Sample.Bandwidth.class, name = "bandwidth")})
public sealed interface Sample {

    LinkId link();

    ProbeType type();

    long timestampNanos();

    /**
     * One round-trip probe (ICMP, UDP, TCP connect, HTTP request).
     *
     * @param sequence the prober's sequence number for this link and type; UDP probes use it to
     *                 find loss and reordering
     * @param rttNanos round-trip time; ignored (0) when lost
     * @param lost no answer within the prober's timeout
     */
    record Echo(LinkId link, ProbeType type, long sequence, long timestampNanos, long rttNanos, boolean lost)
            implements Sample {

        public static Echo reply(LinkId link, ProbeType type, long sequence, long timestampNanos, long rttNanos) {
            return new Echo(link, type, sequence, timestampNanos, rttNanos, false);
        }

        public static Echo lost(LinkId link, ProbeType type, long sequence, long timestampNanos) {
            return new Echo(link, type, sequence, timestampNanos, 0, true);
        }
    }

    /**
     * An iperf3 run: what the path carried during {@code durationNanos}.
     *
     * @param mbps achieved throughput at the receiver, megabits per second
     * @param lossPercent datagram loss for UDP runs, 0..100; 0 for TCP runs
     * @param retransmits TCP retransmissions (0 for UDP)
     */
    record Bandwidth(LinkId link, long timestampNanos, long durationNanos, double mbps, double lossPercent,
                     long retransmits) implements Sample {

        @JsonIgnore
        @Override
        public ProbeType type() { return ProbeType.IPERF; }
    }
}

package dev.galactic.agent.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.Sample;

import java.io.IOException;

/**
 * Reads {@code iperf3 -J} output. TCP runs report the receiver's rate
 * ({@code end.sum_received.bits_per_second}: what actually arrived) and the sender's
 * retransmits; UDP runs report the receiver's rate and {@code lost_percent}. A JSON {@code error}
 * field (server busy, connection refused) makes the run fail rather than report zero bandwidth,
 * because a busy server says nothing about the path.
 */
public final class Iperf3Result {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Iperf3Result() {
    }

    public static final class Iperf3Exception extends IOException {
        public Iperf3Exception(String message) {
            super(message);
        }
    }

    /**
     * @param startEpochNanos when the run started; the sample's timestamp
     */
    public static Sample.Bandwidth parse(String json, LinkId link, long startEpochNanos) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !root.isObject()) {
            throw new Iperf3Exception("iperf3 printed no JSON object");
        }
        if (root.hasNonNull("error")) {
            throw new Iperf3Exception("iperf3: " + root.get("error").asText());
        }
        JsonNode end = root.path("end");
        boolean udp = "UDP".equalsIgnoreCase(root.path("start").path("test_start").path("protocol").asText("TCP"));
        double seconds;
        double bps;
        double lossPercent = 0;
        long retransmits = 0;
        if (udp) {
            // iperf3 3.12 has the receiver's view in sum_received; older releases only in sum
            JsonNode sum = end.has("sum_received") ? end.path("sum_received") : end.path("sum");
            requireField(sum, "bits_per_second");
            bps = sum.path("bits_per_second").asDouble();
            seconds = sum.path("seconds").asDouble();
            lossPercent = sum.path("lost_percent").asDouble(0);
        } else {
            JsonNode received = end.path("sum_received");
            requireField(received, "bits_per_second");
            bps = received.path("bits_per_second").asDouble();
            seconds = received.path("seconds").asDouble();
            retransmits = end.path("sum_sent").path("retransmits").asLong(0);
        }
        if (!(seconds > 0)) {
            throw new Iperf3Exception("iperf3 run reported no duration");
        }
        return new Sample.Bandwidth(link, startEpochNanos, Math.round(seconds * 1e9), bps / 1e6, lossPercent, retransmits);
    }

    private static void requireField(JsonNode node, String field) throws Iperf3Exception {
        if (!node.has(field)) {
            throw new Iperf3Exception("iperf3 JSON lacks " + field);
        }
    }
}

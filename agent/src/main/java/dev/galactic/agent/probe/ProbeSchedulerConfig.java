package dev.galactic.agent.probe;

import java.time.Duration;

/**
 * @param udpTimeout a UDP probe without a reply after this is lost
 * @param requestTimeout TCP connect and HTTP request timeout
 * @param icmpTimeout ping's per-reply wait ({@code -W}, whole seconds, at least 1)
 * @param icmpRoundCount echoes per ping process; longer rounds spawn fewer processes
 * @param batchMaxSamples a batch is sent when it holds this many samples...
 * @param batchMaxDelay ...or when its oldest sample has waited this long
 * @param iperfUdpRateMbps null: iperf3 runs over TCP; otherwise UDP at this offered rate
 */
public record ProbeSchedulerConfig(String agentId, Duration udpTimeout, Duration requestTimeout, Duration icmpTimeout,
                                   int icmpRoundCount, int batchMaxSamples, Duration batchMaxDelay,
                                   Double iperfUdpRateMbps, WallClock clock) {

    public static ProbeSchedulerConfig defaults(String agentId) {
        // batches leave within 100 ms: a lost probe must reach the controller while a reroute can
        // still beat a second; a batch of a busy node fills up first anyway
        return new ProbeSchedulerConfig(agentId, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1),
                10, 500, Duration.ofMillis(100), null, WallClock.SYSTEM);
    }

    public ProbeSchedulerConfig withBatching(int maxSamples, Duration maxDelay) {
        return new ProbeSchedulerConfig(agentId, udpTimeout, requestTimeout, icmpTimeout, icmpRoundCount, maxSamples,
                maxDelay, iperfUdpRateMbps, clock);
    }

    public ProbeSchedulerConfig withUdpTimeout(Duration timeout) {
        return new ProbeSchedulerConfig(agentId, timeout, requestTimeout, icmpTimeout, icmpRoundCount, batchMaxSamples,
                batchMaxDelay, iperfUdpRateMbps, clock);
    }
}

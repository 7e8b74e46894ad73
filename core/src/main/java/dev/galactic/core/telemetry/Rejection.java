package dev.galactic.core.telemetry;

/**
 * One refusal: a whole batch ({@code sampleIndex} -1) or one sample of it.
 *
 * @param message for logs and the agent's error reply; counters use {@code reason}
 */
public record Rejection(RejectReason reason, int sampleIndex, String message) {

    public boolean wholeBatch() { return sampleIndex < 0; }
}

package dev.galactic.core.telemetry;

import java.util.List;

/**
 * What an agent sends: its samples since the last batch. {@code sequence} grows by at least one
 * per batch so the ingest can drop replays and duplicates after a reconnect.
 */
public record SampleBatch(String agentId, long sequence, List<Sample> samples) {

    public SampleBatch {
        samples = samples == null ? List.of() : List.copyOf(samples);
    }
}

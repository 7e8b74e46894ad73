package dev.galactic.core.telemetry;

import java.util.List;

/**
 * What an agent sends: its samples since the last batch. {@code sequence} grows by at least one
 * per batch so the ingest can drop replays and duplicates after a reconnect.
 */
public record SampleBatch(String agentId, long sequence, List<Sample> samples) {

    public SampleBatch {
        // not List.copyOf: it rejects null elements, and a null sample must reach validation
        // to be counted as malformed rather than fail the whole batch
        samples = samples == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(samples));
    }
}

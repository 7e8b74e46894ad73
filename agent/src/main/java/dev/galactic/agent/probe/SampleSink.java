package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.SampleBatch;

/** Where finished batches go: the controller session, or a test's list. Must not block for long. */
@FunctionalInterface
public interface SampleSink {

    void accept(SampleBatch batch);
}

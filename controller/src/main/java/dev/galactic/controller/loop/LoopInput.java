package dev.galactic.controller.loop;

import dev.galactic.core.model.Change;
import dev.galactic.core.model.ResourceImage;

import java.util.List;

/** What the control loop handles, one at a time. */
public sealed interface LoopInput {

    /** A batch of intent was committed to the store: the image went from {@code before} to {@code after}. */
    record IntentCommitted(long revision, ResourceImage before, ResourceImage after, List<Change> changes) implements LoopInput {
        public IntentCommitted {
            changes = List.copyOf(changes);
        }

        @Override
        public String toString() {
            return "revision " + revision + " (" + changes.size() + " changes)";
        }
    }
}

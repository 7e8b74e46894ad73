package dev.galactic.controller.events;

import dev.galactic.core.telemetry.LinkEvent;

/** Why the controller computed the paths it programmed: what a {@code path.change} names as its cause. */
public sealed interface PathCause {

    /** In an operator's words, as the event's {@code reason} shows it. */
    String reason();

    /** A batch of committed intent. */
    record IntentChanged(long revision) implements PathCause {
        public String reason() { return "the intent changed"; }
    }

    /** A hold-down ended: a better path that waited is taken. */
    record HoldDownEnded() implements PathCause {
        public String reason() { return "the hold-down ended"; }
    }

    /**
     * Telemetry saw a link change.
     *
     * @param event the first link change of the batch that was recomputed
     * @param eventSeq the sequence number of the event the controller published for it (0: none)
     * @param others how many other link changes came in the same batch
     */
    record LinkChanged(LinkEvent event, long eventSeq, int others) implements PathCause {
        public String reason() {
            return event.cause() + (others == 0 ? "" : " (and " + others + " more link change" + (others > 1 ? "s" : "") + ")");
        }
    }
}

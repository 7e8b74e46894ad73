package dev.galactic.controller.loop;

import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.model.Change;
import dev.galactic.core.model.ResourceImage;

import java.time.Instant;
import java.util.List;

/** What the control loop handles, in the order it was submitted; each input is a delta of the network image. */
public sealed interface LoopInput {

    /** The change this input makes to the image. */
    NetworkDelta delta();

    /** A batch of intent was committed to the store: the image went from {@code before} to {@code after}. */
    record IntentCommitted(long revision, ResourceImage before, ResourceImage after, List<Change> changes) implements LoopInput {
        public IntentCommitted {
            changes = List.copyOf(changes);
        }

        @Override
        public NetworkDelta delta() {
            return NetworkDelta.intent(new NetworkDelta.IntentDelta(revision, before, after, changes));
        }

        @Override
        public String toString() {
            return "revision " + revision + " (" + changes.size() + " changes)";
        }
    }

    /** A telemetry tick: the link events it produced (often none) and every link's state after it. */
    record LinksMeasured(NetworkDelta.LinksDelta links) implements LoopInput {
        @Override
        public NetworkDelta delta() { return NetworkDelta.links(links); }

        @Override
        public String toString() {
            return "link states (" + links.events().size() + " events)";
        }
    }

    /** Something a node's agent reported: routes, its key, a config applied or refused. */
    record Reported(dev.galactic.core.image.NodeReport report) implements LoopInput {
        @Override
        public NetworkDelta delta() { return NetworkDelta.report(report); }

        @Override
        public String toString() {
            return report.getClass().getSimpleName() + " from " + report.node();
        }
    }

    /** The clock: publishers that act on time (SLA evaluation, hold-downs ending) act on a tick. */
    record Tick(Instant at) implements LoopInput {
        @Override
        public NetworkDelta delta() { return NetworkDelta.tick(at); }
    }
}

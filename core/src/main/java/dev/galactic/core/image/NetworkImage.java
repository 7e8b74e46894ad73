package dev.galactic.core.image;

import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;

import java.util.Map;
import java.util.Objects;

/**
 * What the controller knows at one moment, as one value: the committed intent and its revision,
 * and the link states telemetry measured. Publishers decide from an image and the delta that made
 * it, never from a service's live state, so paths are rendered against the image they were
 * computed on.
 *
 * @param revision the store's revision of {@code intent}
 * @param links every directed link's state at the last telemetry tick the loop saw (immutable)
 */
public record NetworkImage(long revision, ResourceImage intent, Map<LinkId, LinkState> links) {

    public static final NetworkImage EMPTY = new NetworkImage(0, ResourceImage.EMPTY, Map.of());

    public NetworkImage {
        Objects.requireNonNull(intent, "intent");
        links = Map.copyOf(links); // a no-op for the immutable maps telemetry hands over
    }

    /** An image of stored intent before the loop has seen a delta. */
    public static NetworkImage of(long revision, ResourceImage intent) {
        return new NetworkImage(revision, intent, Map.of());
    }

    /** The image {@code delta} makes of this one; parts the delta does not touch are this image's. */
    public NetworkImage apply(NetworkDelta delta) {
        ResourceImage i = intent;
        long rev = revision;
        if (delta.intent() != null) {
            i = delta.intent().after();
            rev = delta.intent().revision();
        }
        Map<LinkId, LinkState> l = delta.links() == null ? links : delta.links().states();
        return i == intent && l == links && rev == revision ? this : new NetworkImage(rev, i, l);
    }
}

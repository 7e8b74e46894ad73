package dev.galactic.controller.loop;

import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.image.NetworkImage;

import java.util.function.BiConsumer;

/**
 * One consumer of the loop's steps; runs only on the loop's thread. It is handed what changed and
 * the image after the change, and decides from those alone (the KRaft MetadataPublisher idea).
 */
public interface Publisher {

    String name();

    /** @param delta what changed since the last call (several inputs merged when they queued up) */
    void publish(NetworkDelta delta, NetworkImage image);

    /** A publisher of a function of (delta, image). */
    static Publisher of(String name, BiConsumer<NetworkDelta, NetworkImage> publish) {
        return new Publisher() {
            @Override
            public String name() { return name; }

            @Override
            public void publish(NetworkDelta delta, NetworkImage image) { publish.accept(delta, image); }
        };
    }

    /** A publisher that only cares about committed intent. */
    static Publisher ofIntent(String name, BiConsumer<NetworkDelta.IntentDelta, NetworkImage> onIntent) {
        return of(name, (d, image) -> { if (d.intent() != null) onIntent.accept(d.intent(), image); });
    }
}

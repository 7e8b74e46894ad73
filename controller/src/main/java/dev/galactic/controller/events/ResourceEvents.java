package dev.galactic.controller.events;

import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.model.Change;

/** Turns committed intent changes into events: {@code resource.created|configured|deleted}. */
public final class ResourceEvents {

    private ResourceEvents() {
    }

    public static void publish(EventHub hub, NetworkDelta.IntentDelta change) {
        for (Change c : change.changes()) {
            if (c.action() == Change.Action.UNCHANGED) continue;
            hub.publish(new EventBody.ResourceChanged(c.key(), c.action(), c.after() == null ? null : c.after().metadata().resourceVersion(),
                    c.diff().stream().map(Change.FieldChange::path).toList()));
        }
    }
}

package dev.galactic.controller.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galactic.core.model.Change;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceCodec;

import java.util.Locale;

/** Turns committed intent changes into events: {@code resource.created|configured|deleted}. */
public final class ResourceEvents {

    private ResourceEvents() {
    }

    public static void publish(EventHub hub, dev.galactic.core.image.NetworkDelta.IntentDelta change) {
        for (Change c : change.changes()) {
            if (c.action() == Change.Action.UNCHANGED) continue;
            var k = c.key();
            String action = c.action().name().toLowerCase(Locale.ROOT);
            ObjectNode p = ResourceCodec.json().createObjectNode().put("kind", k.kind().wireName()).put("name", k.name());
            if (k.tenant() != null) p.put("tenant", k.tenant());
            if (c.after() != null) p.put("resourceVersion", c.after().metadata().resourceVersion());
            p.putArray("fields").addAll(c.diff().stream().map(d -> ResourceCodec.json().getNodeFactory().textNode(d.path())).toList());
            // a Tenant's own resource concerns that tenant; Nodes and Links are the shared catalogue
            String tenant = k.kind() == Kind.TENANT ? k.name() : k.tenant();
            boolean backbone = k.kind() == Kind.NODE || k.kind() == Kind.LINK;
            hub.publish("resource." + action, tenant, backbone, k.kind().wireName() + " " + (k.tenant() == null ? "" : k.tenant() + "/")
                    + k.name() + " " + action, p);
        }
    }
}

package dev.galactic.controller.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * Something that happened, as clients see it: a resource changed, a path moved, an SLA broke.
 *
 * @param seq position in the controller's event sequence (gap-free while it runs)
 * @param type dotted name, like {@code resource.created} or {@code sla.violation}
 * @param tenant the tenant it concerns; null for the backbone (visible to every tenant when
 *               {@code backbone} is true, else to operators only)
 * @param backbone whether tenants may see it (changes to the shared backbone)
 * @param sharedWith tenants besides {@code tenant} that may see it (an edge's uplink concerns the
 *                   tenants with sites on that edge, and no one else)
 * @param payload the details, as JSON
 */
public record Event(long seq, Instant at, String type, String tenant, boolean backbone, java.util.Set<String> sharedWith,
                    String summary, JsonNode payload) {

    public Event {
        sharedWith = sharedWith == null ? java.util.Set.of() : java.util.Set.copyOf(sharedWith);
    }
}

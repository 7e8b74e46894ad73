package dev.galactic.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Identity and bookkeeping of a resource, in the Kubernetes style.
 *
 * @param name DNS-label-like name, unique per kind and tenant
 * @param tenant owning tenant; null for cluster resources (Tenant, Node, Link, operator webhooks)
 * @param labels key/value pairs for selection
 * @param resourceVersion the store revision of the last change; sent back on apply or delete
 *                        it makes the change conditional (optimistic concurrency)
 * @param generation counts changes to the spec
 * @param createdAt when the store first saw it
 * @param updatedAt when its spec or labels last changed
 */
public record ObjectMeta(String name, String tenant, Map<String, String> labels, Long resourceVersion,
                         Long generation, Instant createdAt, Instant updatedAt) {

    public ObjectMeta {
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    public static ObjectMeta of(String name, String tenant) {
        return new ObjectMeta(name, tenant, Map.of(), null, null, null, null);
    }

    public ObjectMeta withBookkeeping(long resourceVersion, long generation, Instant createdAt, Instant updatedAt) {
        return new ObjectMeta(name, tenant, labels, resourceVersion, generation, createdAt, updatedAt);
    }

    /** What a user declares: name, tenant and labels, without the store's bookkeeping. */
    public ObjectMeta declared() {
        return new ObjectMeta(name, tenant, labels, null, null, null, null);
    }
}

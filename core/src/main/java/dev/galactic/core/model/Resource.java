package dev.galactic.core.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One resource in the Kubernetes-style envelope. {@code status} is written by the controller
 * only and is free-form per kind.
 */
public record Resource(String apiVersion, Kind kind, ObjectMeta metadata, Spec spec, JsonNode status) {

    public static final String API_VERSION = "galactic/v1alpha1";

    public Resource {
        if (spec != null && !kind.specType().isInstance(spec)) {
            throw new IllegalArgumentException(kind.wireName() + " cannot carry a " + spec.getClass().getSimpleName());
        }
    }

    public static Resource of(Kind kind, ObjectMeta metadata, Spec spec) {
        return new Resource(API_VERSION, kind, metadata, spec, null);
    }

    public ResourceKey key() {
        return new ResourceKey(kind, metadata.tenant(), metadata.name());
    }

    public String name() { return metadata.name(); }

    public String tenant() { return metadata.tenant(); }

    public <S extends Spec> S spec(Class<S> type) {
        return type.cast(spec);
    }

    public Resource withMetadata(ObjectMeta m) { return new Resource(apiVersion, kind, m, spec, status); }

    public Resource withSpec(Spec s) { return new Resource(apiVersion, kind, metadata, s, status); }

    public Resource withStatus(JsonNode s) { return new Resource(apiVersion, kind, metadata, spec, s); }
}

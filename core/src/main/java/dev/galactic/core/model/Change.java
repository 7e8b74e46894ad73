package dev.galactic.core.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What one item of a batch does to the store.
 *
 * @param before the stored resource, null when created
 * @param after the resource as it will be stored, null when deleted
 * @param diff field-level changes of the declared state (labels and spec)
 */
public record Change(ResourceKey key, Action action, Resource before, Resource after, List<FieldChange> diff) {

    public enum Action { CREATED, CONFIGURED, UNCHANGED, DELETED }

    /** One changed field: JSON pointer, old and new value (null when absent). */
    public record FieldChange(String path, JsonNode before, JsonNode after) {
    }
}

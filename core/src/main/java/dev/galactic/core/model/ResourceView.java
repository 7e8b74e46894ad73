package dev.galactic.core.model;

import java.util.List;
import java.util.Optional;

/** Read access to a set of resources: the store, or the state a batch would leave behind. */
public interface ResourceView {

    Optional<Resource> get(ResourceKey key);

    /** Every resource of a kind, across tenants, in key order. */
    List<Resource> list(Kind kind);

    default Optional<Resource> get(Kind kind, String tenant, String name) {
        return get(new ResourceKey(kind, kind.scope() == Kind.Scope.CLUSTER ? null : tenant, name));
    }

    default List<Resource> list(Kind kind, String tenant) {
        return list(kind).stream().filter(r -> java.util.Objects.equals(r.tenant(), tenant)).toList();
    }
}

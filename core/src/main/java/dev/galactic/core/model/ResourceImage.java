package dev.galactic.core.model;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable snapshot of every resource, keyed and ordered. Changes make a new image, so a
 * reader always sees one consistent state (the KRaft MetadataImage idea, in small).
 */
public final class ResourceImage implements ResourceView {

    public static final ResourceImage EMPTY = new ResourceImage(new TreeMap<>());

    private final TreeMap<ResourceKey, Resource> byKey;

    private ResourceImage(TreeMap<ResourceKey, Resource> byKey) {
        this.byKey = byKey;
    }

    public static ResourceImage of(Collection<Resource> resources) {
        TreeMap<ResourceKey, Resource> m = new TreeMap<>();
        resources.forEach(r -> m.put(r.key(), r));
        return new ResourceImage(m);
    }

    @Override
    public Optional<Resource> get(ResourceKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    @Override
    public List<Resource> list(Kind kind) {
        return byKey.values().stream().filter(r -> r.kind() == kind).toList();
    }

    public Collection<Resource> all() {
        return java.util.Collections.unmodifiableCollection(byKey.values());
    }

    public int size() { return byKey.size(); }

    /** A new image with the given resources put and keys removed. */
    public ResourceImage apply(Collection<Resource> put, Collection<ResourceKey> remove) {
        TreeMap<ResourceKey, Resource> m = new TreeMap<>(byKey);
        remove.forEach(m::remove);
        put.forEach(r -> m.put(r.key(), r));
        return new ResourceImage(m);
    }

    public Map<ResourceKey, Resource> asMap() {
        return java.util.Collections.unmodifiableMap(byKey);
    }
}

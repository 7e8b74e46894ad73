package dev.galactic.core.model;

import dev.galactic.core.image.SortedPMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of every resource, keyed and ordered. Changes make a new image that
 * shares all it did not change with the old one ({@link SortedPMap}), so a reader always sees one
 * consistent state and an apply costs what it changes, not what the intent holds (the KRaft
 * MetadataImage idea, in small).
 */
public final class ResourceImage implements ResourceView {

    public static final ResourceImage EMPTY = new ResourceImage(SortedPMap.empty());

    private final SortedPMap<ResourceKey, Resource> byKey;

    private ResourceImage(SortedPMap<ResourceKey, Resource> byKey) {
        this.byKey = byKey;
    }

    public static ResourceImage of(Collection<Resource> resources) {
        return EMPTY.apply(resources, List.of());
    }

    @Override
    public Optional<Resource> get(ResourceKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    @Override
    public List<Resource> list(Kind kind) {
        List<Resource> out = new ArrayList<>();
        for (var e : byKey.range(k -> k.kind().applyOrder() >= kind.applyOrder(), k -> k.kind() == kind)) out.add(e.getValue());
        return List.copyOf(out);
    }

    @Override
    public List<Resource> list(Kind kind, String tenant) {
        // keys order by kind, then tenant (none sorts as ""), then name: one tenant's are one run
        String t = tenant == null ? "" : tenant;
        List<Resource> out = new ArrayList<>();
        for (var e : byKey.range(k -> after(k, kind, t) >= 0, k -> after(k, kind, t) == 0)) {
            if (Objects.equals(e.getValue().tenant(), tenant)) out.add(e.getValue());
        }
        return List.copyOf(out);
    }

    /** Where a key lies against the run of (kind, tenant): negative before it, 0 in it, positive after. */
    private static int after(ResourceKey k, Kind kind, String tenant) {
        int c = Integer.compare(k.kind().applyOrder(), kind.applyOrder());
        return c != 0 ? c : (k.tenant() == null ? "" : k.tenant()).compareTo(tenant);
    }

    /** Every resource in key order. */
    public Collection<Resource> all() {
        List<Resource> out = new ArrayList<>(byKey.size());
        for (var e : byKey) out.add(e.getValue());
        return java.util.Collections.unmodifiableList(out);
    }

    public int size() { return byKey.size(); }

    /** A new image with the given resources put and keys removed; it shares every untouched resource with this one. */
    public ResourceImage apply(Collection<Resource> put, Collection<ResourceKey> remove) {
        SortedPMap<ResourceKey, Resource> m = byKey;
        for (ResourceKey k : remove) m = m.remove(k);
        for (Resource r : put) m = m.put(r.key(), r);
        return m == byKey ? this : new ResourceImage(m);
    }
}

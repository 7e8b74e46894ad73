package dev.galactic.core.model;

/** Identifies a resource: kind, tenant (null for cluster resources) and name. */
public record ResourceKey(Kind kind, String tenant, String name) implements Comparable<ResourceKey> {

    @Override
    public int compareTo(ResourceKey o) {
        int c = Integer.compare(kind.applyOrder(), o.kind.applyOrder());
        if (c != 0) return c;
        c = (tenant == null ? "" : tenant).compareTo(o.tenant == null ? "" : o.tenant);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return kind.wireName() + "/" + (tenant == null ? "" : tenant + "/") + name;
    }
}

package dev.galactic.core.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResourceImageTest {

    @Provide
    Arbitrary<List<Resource>> resources() {
        Arbitrary<Kind> kind = Arbitraries.of(Kind.values());
        Arbitrary<String> tenant = Arbitraries.of("acme", "globex", "a", "zeta");
        Arbitrary<String> name = Arbitraries.of("x", "y", "fra", "nyc", "a-1");
        return Combinators.combine(kind, tenant, name).as((k, t, n) ->
                Resource.of(k, ObjectMeta.of(n, k.scope() == Kind.Scope.CLUSTER ? null : t), null)).list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void listsByKindAndTenantAreTheFilteredWholeInKeyOrder(@ForAll("resources") List<Resource> put, @ForAll("resources") List<Resource> removed) {
        ResourceImage image = ResourceImage.of(put).apply(List.of(), removed.stream().map(Resource::key).toList());
        TreeMap<ResourceKey, Resource> oracle = new TreeMap<>();
        put.forEach(r -> oracle.put(r.key(), r));
        removed.forEach(r -> oracle.remove(r.key()));
        assertEquals(new ArrayList<>(oracle.values()), new ArrayList<>(image.all()));
        for (Kind k : Kind.values()) {
            assertEquals(oracle.values().stream().filter(r -> r.kind() == k).toList(), image.list(k));
            for (String t : new String[]{null, "acme", "globex", "a", "zeta", "b"}) {
                assertEquals(oracle.values().stream().filter(r -> r.kind() == k && Objects.equals(r.tenant(), t)).toList(), image.list(k, t), k + " " + t);
            }
        }
    }
}

package dev.galactic.core.bgp;

import dev.galactic.core.net.IpAddress;
import dev.galactic.core.net.IpPrefix;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrefixTrieTest {

    /** The trie's answer equals a scan of every stored prefix with IpPrefix.overlaps (the oracle). */
    @Property(tries = 300)
    void overlappingMatchesBruteForce(@ForAll("prefixes") List<IpPrefix> stored, @ForAll("prefixes") List<IpPrefix> queries) {
        PrefixTrie<Integer> trie = new PrefixTrie<>();
        for (int i = 0; i < stored.size(); i++) trie.put(stored.get(i), i);
        for (IpPrefix q : queries) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < stored.size(); i++) if (stored.get(i).overlaps(q)) expected.add(i);
            assertThat(trie.overlapping(q)).as("overlapping %s in %s", q, stored).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** Small address space (10.0.0.0/28-ish bits and a few IPv6), so overlaps are frequent. */
    @Provide
    Arbitrary<List<IpPrefix>> prefixes() {
        Arbitrary<IpPrefix> v4 = Combinators.combine(Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 32))
                .as((low, len) -> new IpPrefix(IpAddress.parse("10.0.0." + (low * 16)), len)).map(p -> new IpPrefix(p.network(), p.length()));
        Arbitrary<IpPrefix> v6 = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 128))
                .as((x, len) -> new IpPrefix(IpAddress.parse("fd00:" + x + "::"), len)).map(p -> new IpPrefix(p.network(), p.length()));
        return Arbitraries.oneOf(v4, v4, v6).list().ofMaxSize(12);
    }
}

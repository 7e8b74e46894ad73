package dev.galactic.core.topology;

import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.Resource;
import dev.galactic.core.pce.Geo;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GraphMlImportTest {

    private static final String DOC = """
            <?xml version="1.0" encoding="utf-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key attr.name="Latitude" attr.type="double" for="node" id="d1"/>
              <key attr.name="Longitude" attr.type="double" for="node" id="d2"/>
              <key attr.name="label" attr.type="string" for="node" id="d3"/>
              <key attr.name="Country" attr.type="string" for="node" id="d4"/>
              <key attr.name="LinkSpeedRaw" attr.type="double" for="edge" id="d5"/>
              <graph edgedefault="undirected">
                <node id="0"><data key="d1">52.52</data><data key="d2">13.405</data><data key="d3">Berlin</data><data key="d4">Germany</data></node>
                <node id="1"><data key="d1">48.8566</data><data key="d2">2.3522</data><data key="d3">Paris (CDG)</data><data key="d4">France</data></node>
                <node id="2"><data key="d1">48.86</data><data key="d2">2.35</data><data key="d3">Paris CDG</data><data key="d4">Atlantis</data></node>
                <node id="3"><data key="d3">Nowhere</data></node>
                <node id="4"><data key="d1">47.37</data><data key="d2">8.54</data><data key="d3">Zürich</data><data key="d4">Switzerland</data></node>
                <edge source="0" target="1"><data key="d5">10000000000</data></edge>
                <edge source="1" target="0"/>
                <edge source="1" target="1"/>
                <edge source="0" target="3"/>
                <edge source="1" target="2"/>
                <edge source="4" target="0"/>
              </graph>
            </graphml>
            """;

    @Test
    void importsNodesAndLinksAndSaysWhatItFixed() {
        GraphMlImport.Result r = GraphMlImport.parse(DOC, "");
        assertThat(r.nodes()).extracting(Resource::name).containsExactly("berlin", "paris-cdg", "paris-cdg-2", "zurich");
        NodeSpec berlin = r.nodes().getFirst().spec(NodeSpec.class);
        assertThat(berlin.role()).isEqualTo(NodeSpec.NodeRole.CORE);
        assertThat(berlin.location().country()).isEqualTo("DE");
        assertThat(r.nodes().get(3).spec(NodeSpec.class).location().country()).isEqualTo("CH");
        assertThat(r.links()).hasSize(3);
        LinkSpec first = r.links().getFirst().spec(LinkSpec.class);
        assertThat(first.a()).isEqualTo("berlin");
        assertThat(first.b()).isEqualTo("paris-cdg");
        assertThat(first.capacityMbps()).isEqualTo(10_000L);
        // Berlin-Paris is about 878 km: 4.39 ms of fibre one way.
        assertThat(first.latencyMs()).isCloseTo(Geo.greatCircleKm(52.52, 13.405, 48.8566, 2.3522) * 0.005, within(1e-9));
        assertThat(first.latencyMs()).isCloseTo(4.39, within(0.05));
        assertThat(r.notes()).anyMatch(n -> n.contains("skipped node 3"))
                .anyMatch(n -> n.contains("merged duplicate edge"))
                .anyMatch(n -> n.contains("self-loop"))
                .anyMatch(n -> n.contains("an end was skipped"))
                .anyMatch(n -> n.contains("Atlantis"));
    }

    @Test
    void rejectsWhatIsNotXml() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GraphMlImport.parse("not xml", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesDoctypes() {
        String evil = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><graphml>&e;</graphml>";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GraphMlImport.parse(evil, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyZooNetworkImportsIntoValidResources() {
        Map<String, String> zoo = TopologyZoo.all();
        assertThat(zoo).hasSizeGreaterThan(250);
        int withNotes = 0;
        for (Map.Entry<String, String> e : zoo.entrySet()) {
            GraphMlImport.Result r = GraphMlImport.parse(e.getValue(), "");
            Set<String> names = new HashSet<>();
            for (Resource n : r.nodes()) {
                assertThat(n.name()).as(e.getKey()).matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
                assertThat(names.add(n.name())).as(e.getKey() + " unique " + n.name()).isTrue();
            }
            Set<String> pairs = new HashSet<>();
            for (Resource l : r.links()) {
                LinkSpec s = l.spec(LinkSpec.class);
                assertThat(names).as(e.getKey()).contains(s.a(), s.b());
                assertThat(s.a()).isNotEqualTo(s.b());
                assertThat(pairs.add(s.a().compareTo(s.b()) < 0 ? s.a() + "|" + s.b() : s.b() + "|" + s.a())).isTrue();
                assertThat(s.latencyMs()).isFinite().isNotNegative();
            }
            if (!r.notes().isEmpty()) withNotes++;
        }
        assertThat(withNotes).isPositive();
    }
}

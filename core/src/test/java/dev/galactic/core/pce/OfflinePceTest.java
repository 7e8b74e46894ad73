package dev.galactic.core.pce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.galactic.core.model.Resource;
import dev.galactic.core.topology.GraphMlImport;
import dev.galactic.core.topology.TopologyZoo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The offline command on the documented example files (so docs/pce.md stays true). */
class OfflinePceTest {

    static Path examples() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("docs/examples/pce");
            if (Files.isDirectory(p)) return p;
        }
        throw new IllegalStateException("docs/examples/pce not found");
    }

    static String read(String name) throws IOException {
        return Files.readString(examples().resolve(name));
    }

    @Test
    void computesTheDocumentedExample() throws IOException {
        String json = OfflinePce.run(OfflinePce.Inputs.parse(read("topology.yaml"), read("demands.yaml"), read("link-states.yaml")));
        JsonNode out = new ObjectMapper().readTree(json);
        assertThat(out.get("kind").asText()).isEqualTo("PathComputation");
        assertThat(out.get("summary").get("demands").asInt()).isEqualTo(18); // 3 classes x 6 ordered pairs
        assertThat(out.get("results")).hasSize(18);
        for (JsonNode r : out.get("results")) {
            if (r.has("primary")) {
                for (JsonNode n : r.get("primary").get("nodes")) assertThat(n.asText()).as("geo-fenced GB").isNotEqualTo("lon");
            }
        }
        JsonNode dublin = find(out, "realtime", "dublin", "madrid");
        assertThat(dublin.get("primary").get("nodes").get(1).asText()).isEqualTo("ams");
        JsonNode bulk = find(out, "backup-data", "berlin", "madrid");
        // 2 Gbit/s sustained: mad-fra measured 800 Mbit/s is too thin, so the path goes via par.
        assertThat(bulk.get("primary").get("nodes").toString()).contains("par");
        assertThat(json).isEqualTo(OfflinePce.run(OfflinePce.Inputs.parse(read("topology.yaml"), read("demands.yaml"), read("link-states.yaml"))));
    }

    @Test
    void outputIsByteIdenticalWhateverTheInputOrderOrSyntax() throws IOException {
        OfflinePce.Inputs in = OfflinePce.Inputs.parse(read("topology.yaml"), read("demands.yaml"), read("link-states.yaml"));
        String expected = OfflinePce.run(in);
        List<Resource> topo = new ArrayList<>(in.topology()), dem = new ArrayList<>(in.demands());
        List<LinkReading> states = new ArrayList<>(in.linkStates());
        Collections.shuffle(topo, new Random(1));
        Collections.shuffle(dem, new Random(2));
        Collections.shuffle(states, new Random(3));
        assertThat(OfflinePce.run(new OfflinePce.Inputs(topo, dem, states))).isEqualTo(expected);
        // The same documents as JSON arrays.
        assertThat(OfflinePce.run(OfflinePce.Inputs.parse(toJson(read("topology.yaml")), toJson(read("demands.yaml")),
                toJson(read("link-states.yaml"))))).isEqualTo(expected);
    }

    @Test
    void importedZooTopologyRunsOffline() {
        GraphMlImport.Result abilene = GraphMlImport.parse(TopologyZoo.all().get("Abilene"), "");
        List<Resource> topo = new ArrayList<>(abilene.all());
        topo.add(Fixtures.edge("site-a", "US"));
        topo.add(Fixtures.edge("site-b", "US"));
        topo.add(Fixtures.link("site-a", abilene.nodes().getFirst().name(), 1, 1));
        topo.add(Fixtures.link("site-b", abilene.nodes().getLast().name(), 1, 1));
        String demands = """
                - {apiVersion: galactic/v1alpha1, kind: TrafficClass, metadata: {name: fast, tenant: t}, spec: {mode: lowest-latency}}
                - {apiVersion: galactic/v1alpha1, kind: Vpc, metadata: {name: v, tenant: t}, spec: {type: l3vpn}}
                - {apiVersion: galactic/v1alpha1, kind: Attachment, metadata: {name: a, tenant: t}, spec: {vpc: v, node: site-a, kind: port}}
                - {apiVersion: galactic/v1alpha1, kind: Attachment, metadata: {name: b, tenant: t}, spec: {vpc: v, node: site-b, kind: port}}
                """;
        OfflinePce.Output out = OfflinePce.compute(new OfflinePce.Inputs(topo, PceFiles.resources(demands), List.of()));
        assertThat(out.summary().ok()).isEqualTo(2);
        assertThat(out.results().getFirst().primary().metrics().latencyMs()).isPositive();
    }

    @Test
    void badInputIsReported() {
        assertThatThrownBy(() -> PceFiles.resources("- {kind: Starship, metadata: {name: x}}"))
                .hasMessageContaining("unknown kind");
        assertThatThrownBy(() -> PceFiles.resources("- {kind: TrafficClass, metadata: {name: x}, spec: {mode: warp-speed}}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PceFiles.linkStates("- {from: a, latencyMs: 1}")).hasMessageContaining("to");
    }

    private static JsonNode find(JsonNode out, String cls, String from, String to) {
        for (JsonNode r : out.get("results")) {
            if (r.get("trafficClass").asText().equals(cls) && r.get("from").asText().equals(from) && r.get("to").asText().equals(to)) return r;
        }
        throw new AssertionError("no result " + cls + " " + from + "->" + to);
    }

    private static String toJson(String yaml) throws IOException {
        List<JsonNode> flat = new ArrayList<>();
        try (var it = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            for (JsonNode d : it.readAll()) {
                if (d.isArray()) d.forEach(flat::add);
                else flat.add(d);
            }
        }
        return new ObjectMapper().writeValueAsString(flat);
    }
}

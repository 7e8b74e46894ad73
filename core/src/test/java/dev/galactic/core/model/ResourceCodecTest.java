package dev.galactic.core.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceCodecTest {

    private static ResourceCodec.Item one(String yaml) {
        ResourceCodec.Parsed p = ResourceCodec.parse(yaml, ResourceCodec.Format.YAML);
        assertThat(p.syntaxError()).isNull();
        assertThat(p.items()).hasSize(1);
        return p.items().getFirst();
    }

    @Test
    void readsEveryDocumentOfABatch() {
        List<Resource> rs = Fixtures.parse(Fixtures.BACKBONE + "---\n" + Fixtures.TENANT);
        assertThat(rs).hasSize(9);
        assertThat(rs.get(5).kind()).isEqualTo(Kind.TENANT);
        assertIsFullMeshL3vpn(rs.get(7));
    }

    private static void assertIsFullMeshL3vpn(Resource r) {
        assertThat(r.spec()).isInstanceOfSatisfying(VpcSpec.class, v -> {
            assertThat(v.type()).isEqualTo(VpcSpec.VpcType.L3VPN);
            assertThat(v.topology().mode()).isEqualTo(VpcSpec.TopologyMode.FULL_MESH);
        });
    }

    @Test
    void readsJsonArraysAndLists() {
        String json = """
                {"apiVersion":"galactic/v1alpha1","kind":"List","items":[
                  {"apiVersion":"galactic/v1alpha1","kind":"Tenant","metadata":{"name":"a"}},
                  {"apiVersion":"galactic/v1alpha1","kind":"Tenant","metadata":{"name":"b"}}]}""";
        assertThat(ResourceCodec.parse(json, ResourceCodec.Format.JSON).resources()).extracting(Resource::name).containsExactly("a", "b");
        assertThat(ResourceCodec.parse("[" + json + "]", ResourceCodec.Format.JSON).resources()).hasSize(2);
    }

    @Test
    void aDocumentWithoutANameIsNotAResource() {
        for (String meta : List.of("{}", "{tenant: acme}", "{name: null, labels: {a: b}}")) {
            ResourceCodec.Item item = one("apiVersion: galactic/v1alpha1\nkind: Vpc\nmetadata: " + meta + "\n");
            assertThat(item.ok()).as(meta).isFalse();
            assertThat(item.errors()).extracting(FieldError::pointer).as(meta).containsExactly("/metadata/name");
        }
    }

    @Test
    void malformedYamlAndJsonSayWhere() {
        ResourceCodec.Parsed y = ResourceCodec.parse("kind: Node\nmetadata: {name: [x\n", ResourceCodec.Format.YAML);
        assertThat(y.syntaxError()).startsWith("YAML is malformed at line");
        ResourceCodec.Parsed j = ResourceCodec.parse("{\"kind\": }", ResourceCodec.Format.JSON);
        assertThat(j.syntaxError()).startsWith("JSON is malformed at line 1");
        assertThat(ResourceCodec.parse("# nothing\n", ResourceCodec.Format.YAML).syntaxError()).contains("no resources");
        assertThat(ResourceCodec.parse("kind: Tenant\nkind: Node\n", ResourceCodec.Format.YAML).syntaxError()).contains("Duplicate field 'kind'");
    }

    @Test
    void unknownKindAndApiVersion() {
        var item = one("apiVersion: galactic/v2\nkind: Router\nmetadata: {name: x}\n");
        assertThat(item.errors()).extracting(FieldError::pointer).containsExactly("/apiVersion", "/kind");
        assertThat(item.errors().get(0).reason()).contains("galactic/v1alpha1");
        assertThat(item.errors().get(1).reason()).contains("unknown kind").contains("Vpc");
    }

    @Test
    void unknownFieldsAreRejectedEverywhere() {
        var item = one("""
                apiVersion: galactic/v1alpha1
                kind: Vpc
                metadata: {name: x, tenant: t, nmae: oops}
                spec: {type: l3vpn, trafficClass: c, topolgy: {mode: full-mesh}, topology: {mode: full-mesh, hub: [a]}}
                extra: 1
                """);
        assertThat(item.errors()).extracting(FieldError::pointer)
                .containsExactlyInAnyOrder("/extra", "/metadata/nmae", "/spec/topolgy", "/spec/topology/hub");
        assertThat(item.errors()).filteredOn(e -> e.pointer().equals("/spec/topology/hub"))
                .singleElement().satisfies(e -> assertThat(e.reason()).contains("hubs"));
    }

    @Test
    void wrongTypesAndEnumValuesNameTheField() {
        var item = one("""
                apiVersion: galactic/v1alpha1
                kind: TrafficClass
                metadata: {name: x, tenant: t}
                spec: {mode: fastest, thresholds: {maxLatencyMs: "ten"}, fec: {scheme: erasure, k: 1.5}}
                """);
        assertThat(item.errors()).extracting(FieldError::pointer)
                .containsExactlyInAnyOrder("/spec/mode", "/spec/thresholds/maxLatencyMs", "/spec/fec/k");
        assertThat(item.errors().stream().filter(e -> e.pointer().equals("/spec/mode")).findFirst().orElseThrow().reason())
                .contains("lowest-cost, lowest-latency, zero-loss, lossless-fec, sustained-bandwidth");
    }

    @Test
    void writesWhatItReads() {
        List<Resource> rs = Fixtures.parse(Fixtures.BACKBONE + "---\n" + Fixtures.TENANT);
        for (ResourceCodec.Format f : ResourceCodec.Format.values()) {
            String text = ResourceCodec.write(rs, f);
            assertThat(ResourceCodec.parse(text, f).resources()).isEqualTo(rs);
        }
        assertThat(ResourceCodec.write(List.of(rs.get(7)), ResourceCodec.Format.YAML)).contains("type: l3vpn").contains("trafficClass: fast");
    }

    @Test
    void statusFromClientsIsDropped() {
        var item = one("apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: x}\nstatus: {phase: hacked}\n");
        assertThat(item.ok()).isTrue();
        assertThat(item.resource().status()).isNull();
    }
}

package dev.galactic.core.model;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A small backbone and tenant, as YAML, and helpers to plan changes against it. */
final class Fixtures {

    static final String BACKBONE = """
            apiVersion: galactic/v1alpha1
            kind: Node
            metadata: {name: c1}
            spec: {role: core, location: {lat: 50.1, lon: 8.7, country: DE}}
            ---
            apiVersion: galactic/v1alpha1
            kind: Node
            metadata: {name: c2}
            spec: {role: core, location: {lat: 48.9, lon: 2.4, country: FR}}
            ---
            apiVersion: galactic/v1alpha1
            kind: Node
            metadata: {name: e1}
            spec: {role: edge, location: {lat: 52.5, lon: 13.4, country: DE}}
            ---
            apiVersion: galactic/v1alpha1
            kind: Node
            metadata: {name: e2}
            spec: {role: edge, location: {lat: 53.3, lon: -6.3, country: IE}}
            ---
            apiVersion: galactic/v1alpha1
            kind: Link
            metadata: {name: c1-c2}
            spec: {a: c1, b: c2, latencyMs: 5}
            """;

    static final String TENANT = """
            apiVersion: galactic/v1alpha1
            kind: Tenant
            metadata: {name: acme}
            spec: {asn: 4200000001}
            ---
            apiVersion: galactic/v1alpha1
            kind: TrafficClass
            metadata: {name: fast, tenant: acme}
            spec: {mode: lowest-latency, thresholds: {maxLatencyMs: 50}}
            ---
            apiVersion: galactic/v1alpha1
            kind: Vpc
            metadata: {name: prod, tenant: acme}
            spec: {type: l3vpn, trafficClass: fast}
            ---
            apiVersion: galactic/v1alpha1
            kind: Attachment
            metadata: {name: site-a, tenant: acme}
            spec: {vpc: prod, node: e1, kind: port, prefixes: [10.1.0.0/16]}
            """;

    private Fixtures() {
    }

    static List<Resource> parse(String yaml) {
        ResourceCodec.Parsed p = ResourceCodec.parse(yaml, ResourceCodec.Format.YAML);
        assertThat(p.syntaxError()).isNull();
        assertThat(p.items()).allSatisfy(i -> assertThat(i.errors()).as(i.label()).isEmpty());
        return p.resources();
    }

    static List<ChangePlanner.Op> puts(String yaml) {
        List<ChangePlanner.Op> ops = new ArrayList<>();
        for (Resource r : parse(yaml)) ops.add(new ChangePlanner.Op.Put(ops.size(), r));
        return ops;
    }

    /** The image after applying the YAML as operator; fails the test if it is refused. */
    static ResourceImage image(String... yamls) {
        ResourceImage img = ResourceImage.EMPTY;
        for (String y : yamls) {
            ChangePlanner.Plan plan = ChangePlanner.plan(img, puts(y), Caller.OPERATOR);
            assertThat(plan.errors()).isEmpty();
            img = plan.after();
        }
        return img;
    }

    static ChangePlanner.Plan plan(ResourceImage img, String yaml, Caller caller) {
        return ChangePlanner.plan(img, puts(yaml), caller);
    }
}

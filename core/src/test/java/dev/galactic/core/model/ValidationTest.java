package dev.galactic.core.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValidationTest {

    private static final ResourceImage WORLD = Fixtures.image(Fixtures.BACKBONE, Fixtures.TENANT);

    private static List<ChangePlanner.ItemError> errors(String yaml) {
        return Fixtures.plan(WORLD, yaml, Caller.OPERATOR).errors();
    }

    private static String attachment(String spec) {
        return "apiVersion: galactic/v1alpha1\nkind: Attachment\nmetadata: {name: site-b, tenant: acme}\nspec: " + spec + "\n";
    }

    @Test
    void theFixtureIsValid() {
        assertThat(WORLD.size()).isEqualTo(9);
    }

    @Test
    void invalidCidrAndAddress() {
        var e = errors(attachment("{vpc: prod, node: e2, kind: port, prefixes: [10.2.0.0/33, 10.2.0.1/24, banana], bgp: {peerAsn: 65000, peerAddress: 10.0.0.256}}"));
        assertThat(e).extracting(ChangePlanner.ItemError::pointer)
                .containsExactly("/spec/prefixes/0", "/spec/prefixes/1", "/spec/prefixes/2", "/spec/bgp/peerAddress");
        assertThat(e.get(1).reason()).contains("did you mean 10.2.0.0/24");
    }

    @Test
    void overlappingPrefixesInOneVpcUnlessAnycast() {
        var e = errors(attachment("{vpc: prod, node: e2, kind: port, prefixes: [10.1.128.0/17]}"));
        assertThat(e).singleElement().satisfies(x -> {
            assertThat(x.pointer()).isEqualTo("/spec/prefixes/0");
            assertThat(x.reason()).contains("overlaps 10.1.0.0/16 of attachment \"site-a\"");
        });
        ResourceImage anycastWorld = WORLD.apply(List.of(WORLD.get(Kind.ATTACHMENT, "acme", "site-a").orElseThrow()
                .withSpec(new AttachmentSpec("prod", "e1", AttachmentSpec.AttachmentKind.PORT, List.of("10.1.0.0/16"), true, null))), List.of());
        assertThat(Fixtures.plan(anycastWorld, attachment("{vpc: prod, node: e2, kind: port, anycast: true, prefixes: [10.1.0.0/16]}"), Caller.OPERATOR).errors()).isEmpty();
    }

    @Test
    void eachVpcIsItsOwnRoutingDomainSoATenantsVpcsMayReuseAddressSpace() {
        String other = "apiVersion: galactic/v1alpha1\nkind: Vpc\nmetadata: {name: lab, tenant: acme}\nspec: {type: l3vpn, trafficClass: fast}\n---\n";
        assertThat(errors(other + "apiVersion: galactic/v1alpha1\nkind: Attachment\nmetadata: {name: lab-site, tenant: acme}\n"
                + "spec: {vpc: lab, node: e2, kind: port, prefixes: [10.1.0.0/16]}\n")).isEmpty();
    }

    @Test
    void asnRange() {
        for (String asn : List.of("0", "4294967296", "23456")) {
            var e = errors(attachment("{vpc: prod, node: e2, kind: port, bgp: {peerAsn: " + asn + ", peerAddress: 10.0.0.1}}"));
            assertThat(e).as(asn).singleElement().satisfies(x -> assertThat(x.pointer()).isEqualTo("/spec/bgp/peerAsn"));
        }
        assertThat(errors(attachment("{vpc: prod, node: e2, kind: port, bgp: {peerAsn: 4294967295, peerAddress: 10.0.0.1}}"))).isEmpty();
    }

    @Test
    void referencesMustExistAndHaveTheRightRole() {
        var e = errors(attachment("{vpc: nope, node: c1, kind: port}"));
        assertThat(e).extracting(ChangePlanner.ItemError::pointer).containsExactlyInAnyOrder("/spec/vpc", "/spec/node");
        assertThat(e).extracting(ChangePlanner.ItemError::reason)
                .anySatisfy(r -> assertThat(r).contains("Vpc \"nope\" does not exist in tenant \"acme\""))
                .anySatisfy(r -> assertThat(r).contains("node \"c1\" is a core node; it must be a edge node"));
        var missingTenant = errors("apiVersion: galactic/v1alpha1\nkind: TrafficClass\nmetadata: {name: x, tenant: ghost}\nspec: {mode: lowest-cost}\n");
        assertThat(missingTenant).singleElement().satisfies(x -> assertThat(x.reason()).contains("tenant \"ghost\" does not exist"));
    }

    @Test
    void waypointsAndExclusionsNameRealNodes() {
        var e = errors("""
                apiVersion: galactic/v1alpha1
                kind: Vpc
                metadata: {name: geo, tenant: acme}
                spec: {type: l3vpn, trafficClass: fast, mustInclude: [c1, e1, zz], mustAvoid: [c1, yy], excludedCountries: [de, USA]}
                """);
        assertThat(e).extracting(ChangePlanner.ItemError::pointer).containsExactlyInAnyOrder(
                "/spec/mustInclude/0", "/spec/excludedCountries/0", "/spec/excludedCountries/1");
    }

    @Test
    void waypointReferencesAreCheckedOnceIntrinsicallyValid() {
        var e = errors("""
                apiVersion: galactic/v1alpha1
                kind: Vpc
                metadata: {name: geo, tenant: acme}
                spec: {type: l3vpn, trafficClass: fast, mustInclude: [e1, zz], mustAvoid: [yy]}
                """);
        assertThat(e).extracting(ChangePlanner.ItemError::pointer)
                .containsExactlyInAnyOrder("/spec/mustInclude/0", "/spec/mustInclude/1", "/spec/mustAvoid/0");
        assertThat(e).filteredOn(x -> x.pointer().equals("/spec/mustInclude/0")).singleElement()
                .satisfies(x -> assertThat(x.reason()).contains("must be a core node"));
    }

    @Test
    void thresholdsMustBeSane() {
        var e = errors("""
                apiVersion: galactic/v1alpha1
                kind: TrafficClass
                metadata: {name: bad, tenant: acme}
                spec: {mode: lossless-fec, thresholds: {maxLatencyMs: -1, maxLossPercent: 120}, fec: {scheme: erasure, k: 6, n: 4}}
                """);
        assertThat(e).extracting(ChangePlanner.ItemError::pointer)
                .containsExactlyInAnyOrder("/spec/thresholds/maxLatencyMs", "/spec/thresholds/maxLossPercent", "/spec/fec/n", "/spec/mode");
        assertThat(errors("apiVersion: galactic/v1alpha1\nkind: TrafficClass\nmetadata: {name: bw, tenant: acme}\nspec: {mode: sustained-bandwidth}\n"))
                .singleElement().satisfies(x -> assertThat(x.pointer()).isEqualTo("/spec/bandwidthMbps"));
        assertThat(errors("apiVersion: galactic/v1alpha1\nkind: TrafficClass\nmetadata: {name: self, tenant: acme}\nspec: {mode: lowest-cost, fallback: {action: class, trafficClass: self}}\n"))
                .extracting(ChangePlanner.ItemError::reason).anySatisfy(r -> assertThat(r).contains("itself"));
    }

    @Test
    void intentTheDataPlaneDoesNotCarryOutIsRefusedAndSaysWhy() {
        var l2 = errors("apiVersion: galactic/v1alpha1\nkind: Vpc\nmetadata: {name: lan, tenant: acme}\nspec: {type: l2vpn, trafficClass: gold}\n");
        assertThat(l2).filteredOn(x -> x.pointer().equals("/spec/type")).singleElement()
                .satisfies(x -> assertThat(x.reason()).contains("not carried out").contains("l3vpn"));
        var fec = errors("apiVersion: galactic/v1alpha1\nkind: TrafficClass\nmetadata: {name: fec, tenant: acme}\n"
                + "spec: {mode: lossless-fec, fec: {scheme: duplication}}\n");
        assertThat(fec).singleElement().satisfies(x -> {
            assertThat(x.pointer()).isEqualTo("/spec/mode");
            assertThat(x.reason()).contains("not carried out").contains("zero-loss");
        });
        var policy = errors("apiVersion: galactic/v1alpha1\nkind: Policy\nmetadata: {name: guard, tenant: acme}\n"
                + "spec: {vpc: prod, rules: [{action: deny, direction: ingress, protocol: any}]}\n");
        assertThat(policy).extracting(ChangePlanner.ItemError::reason).anySatisfy(r -> assertThat(r).contains("Policy is not carried out"));
    }

    @Test
    void namesAreDnsLabels() {
        var e = errors("apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: Big_Corp}\n");
        assertThat(e).singleElement().satisfies(x -> {
            assertThat(x.pointer()).isEqualTo("/metadata/name");
            assertThat(x.reason()).contains("lower-case");
        });
        assertThat(errors("apiVersion: galactic/v1alpha1\nkind: Node\nmetadata: {name: n9, tenant: acme}\nspec: {role: core, location: {lat: 1, lon: 2, country: DE}}\n"))
                .singleElement().satisfies(x -> assertThat(x.pointer()).isEqualTo("/metadata/tenant"));
    }

    @Test
    void missingRequiredFields() {
        var e = errors("apiVersion: galactic/v1alpha1\nkind: Node\nmetadata: {name: n9}\nspec: {}\n");
        assertThat(e).extracting(ChangePlanner.ItemError::pointer).containsExactlyInAnyOrder("/spec/role", "/spec/location");
        var a = errors(attachment("{}"));
        assertThat(a).extracting(ChangePlanner.ItemError::pointer).containsExactlyInAnyOrder("/spec/vpc", "/spec/node", "/spec/kind");
    }

    @Test
    void locatorsAreIpv6AndDisjoint() {
        String n = "apiVersion: galactic/v1alpha1\nkind: Node\nmetadata: {name: %s}\nspec: {role: core, locator: %s, location: {lat: 1, lon: 2, country: DE}}\n";
        ResourceImage w = Fixtures.image(Fixtures.BACKBONE, n.formatted("c7", "fc00:7::/48"));
        assertThat(Fixtures.plan(w, n.formatted("c8", "fc00:7:0:1::/64"), Caller.OPERATOR).errors())
                .singleElement().satisfies(x -> assertThat(x.reason()).contains("overlaps fc00:7::/48 of node \"c7\""));
        assertThat(Fixtures.plan(w, n.formatted("c8", "10.0.0.0/8"), Caller.OPERATOR).errors())
                .singleElement().satisfies(x -> assertThat(x.reason()).contains("IPv6"));
    }

    @Test
    void freeTextIsBoundedAndHasNoControlCharacters() {
        String tenant = "apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: t9}\nspec: {displayName: %s, contact: %s}\n";
        assertThat(errors(tenant.formatted("\"" + "x".repeat(1024 * 1024) + "\"", "ops@t9.example")))
                .singleElement().satisfies(x -> {
                    assertThat(x.pointer()).isEqualTo("/spec/displayName");
                    assertThat(x.reason()).contains("at most 128");
                });
        assertThat(errors(tenant.formatted("T9", "\"ops\\0@t9.example\\e[31m\""))).singleElement().satisfies(x -> {
            assertThat(x.pointer()).isEqualTo("/spec/contact");
            assertThat(x.reason()).contains("control character U+0000");
        });
        assertThat(errors(tenant.formatted("\"T9 \\u202Egnp.exe\"", "x"))).extracting(ChangePlanner.ItemError::pointer).containsExactly("/spec/displayName");
        assertThat(errors(tenant.formatted("\"Ünïcödé Gmbh & Co. 東京\"", "\"https://t9.example/contact?a=1\""))).isEmpty();
        String node = "apiVersion: galactic/v1alpha1\nkind: Node\nmetadata: {name: n9}\nspec: {role: core, location: {lat: 1, lon: 2, country: DE, city: \"Ber\\nlin\"}}\n";
        assertThat(errors(node)).extracting(ChangePlanner.ItemError::pointer).containsExactly("/spec/location/city");
        String hook = "apiVersion: galactic/v1alpha1\nkind: Webhook\nmetadata: {name: h9}\nspec: {url: \"https://hooks.example/%s\", secret: \"%s\"}\n";
        assertThat(errors(hook.formatted("a".repeat(3000), "s".repeat(20)))).extracting(ChangePlanner.ItemError::pointer).containsExactly("/spec/url");
        assertThat(errors(hook.formatted("a", "s".repeat(20) + "\\t"))).extracting(ChangePlanner.ItemError::pointer).containsExactly("/spec/secret");
    }

    @Test
    void sitePrefixesFollowTheRulesOfLearnedRoutesBogonsSidSpaceAndDefault() {
        java.util.Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("fc00:0:3::/48", "SID space fc00::/32");
        refused.put("fc00::/16", "SID space fc00::/32");
        for (String p : List.of("127.0.0.0/8", "224.0.0.0/4", "169.254.0.0/16", "240.0.0.0/4", "0.0.0.0/8", "192.0.2.0/24",
                "::1/128", "fe80::/10", "ff00::/8", "2001:db8::/32", "::ffff:10.0.0.0/104")) refused.put(p, "bogon");
        refused.put("0.0.0.0/0", "allowDefault");
        refused.put("::/0", "allowDefault");
        refused.forEach((p, why) -> assertThat(errors(attachment("{vpc: prod, node: e2, kind: port, prefixes: [\"" + (p.contains(":") ? "10.2.0.0/16" : "fd99::/48") + "\", \"" + p + "\"]}")))
                .as(p).singleElement().satisfies(x -> {
                    assertThat(x.pointer()).isEqualTo("/spec/prefixes/1");
                    assertThat(x.reason()).contains(why);
                }));
        // an explicit locator outside the SID block is the backbone's too
        ResourceImage w = WORLD.apply(Fixtures.parse("apiVersion: galactic/v1alpha1\nkind: Node\nmetadata: {name: c9}\n"
                + "spec: {role: core, locator: \"2a0b:1::/48\", location: {lat: 1, lon: 2, country: DE}}\n"), List.of());
        assertThat(Fixtures.plan(w, attachment("{vpc: prod, node: e2, kind: port, prefixes: [\"2a0b:1:0:5::/64\"]}"), Caller.OPERATOR).errors())
                .singleElement().satisfies(x -> assertThat(x.reason()).contains("SID space 2a0b:1::/48"));
        ResourceImage v6 = WORLD.apply(Fixtures.parse(attachment("{vpc: prod, node: e2, kind: port, prefixes: [\"2a0b:2::/48\"]}")), List.of());
        assertThat(Fixtures.plan(v6, "apiVersion: galactic/v1alpha1\nkind: Node\nmetadata: {name: c9}\n"
                + "spec: {role: core, locator: \"2a0b:2::/56\", location: {lat: 1, lon: 2, country: DE}}\n", Caller.OPERATOR).errors())
                .singleElement().satisfies(x -> assertThat(x.reason()).contains("overlaps prefix 2a0b:2::/48 of attachment"));
        // private customer space is what VPCs carry
        assertThat(errors(attachment("{vpc: prod, node: e2, kind: port, prefixes: [10.2.0.0/16, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, "
                + "\"fd10:10::/48\", \"2a01:4f8::/32\", 198.18.0.0/15]}"))).isEmpty();
        assertThat(errors(attachment("{vpc: prod, node: e2, kind: port, anycast: true, prefixes: [\"::/0\"], "
                + "bgp: {peerAsn: 65000, peerAddress: 10.0.0.1, allowDefault: true}}"))).isEmpty();
    }
}

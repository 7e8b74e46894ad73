package dev.galactic.core.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChangePlannerTest {

    private static final ResourceImage WORLD = Fixtures.image(Fixtures.BACKBONE, Fixtures.TENANT);

    @Test
    void aBatchWithOneBadItemChangesNothing() {
        String batch = """
                apiVersion: galactic/v1alpha1
                kind: Tenant
                metadata: {name: globex}
                ---
                apiVersion: galactic/v1alpha1
                kind: TrafficClass
                metadata: {name: tc, tenant: globex}
                spec: {mode: lowest-cost}
                ---
                apiVersion: galactic/v1alpha1
                kind: Vpc
                metadata: {name: v, tenant: globex}
                spec: {type: l3vpn, trafficClass: missing}
                """;
        ChangePlanner.Plan plan = Fixtures.plan(WORLD, batch, Caller.OPERATOR);
        assertThat(plan.ok()).isFalse();
        assertThat(plan.errors()).singleElement().satisfies(e -> {
            assertThat(e.index()).isEqualTo(2);
            assertThat(e.pointer()).isEqualTo("/spec/trafficClass");
        });
        assertThat(plan.after()).isSameAs(WORLD);
    }

    @Test
    void referencesMayPointForwardInsideABatch() {
        String batch = """
                apiVersion: galactic/v1alpha1
                kind: Vpc
                metadata: {name: v, tenant: globex}
                spec: {type: l3vpn, trafficClass: tc}
                ---
                apiVersion: galactic/v1alpha1
                kind: TrafficClass
                metadata: {name: tc, tenant: globex}
                spec: {mode: lowest-cost}
                ---
                apiVersion: galactic/v1alpha1
                kind: Tenant
                metadata: {name: globex}
                """;
        ChangePlanner.Plan plan = Fixtures.plan(WORLD, batch, Caller.OPERATOR);
        assertThat(plan.errors()).isEmpty();
        assertThat(plan.changes()).extracting(Change::action).containsOnly(Change.Action.CREATED);
        assertThat(plan.after().size()).isEqualTo(WORLD.size() + 3);
    }

    @Test
    void reapplyingIsUnchangedAndEditsAreDiffed() {
        assertThat(Fixtures.plan(WORLD, Fixtures.TENANT, Caller.OPERATOR).changes()).extracting(Change::action)
                .containsOnly(Change.Action.UNCHANGED);
        ChangePlanner.Plan plan = Fixtures.plan(WORLD, Fixtures.TENANT.replace("maxLatencyMs: 50", "maxLatencyMs: 40"), Caller.OPERATOR);
        Change c = plan.changes().stream().filter(x -> x.action() == Change.Action.CONFIGURED).findFirst().orElseThrow();
        assertThat(c.key().name()).isEqualTo("fast");
        assertThat(c.diff()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("/spec/thresholds/maxLatencyMs");
            assertThat(d.before().asDouble()).isEqualTo(50.0);
            assertThat(d.after().asDouble()).isEqualTo(40.0);
        });
    }

    @Test
    void staleResourceVersionIsAConflict() {
        ResourceImage stamped = ResourceImage.of(WORLD.all().stream()
                .map(r -> r.withMetadata(r.metadata().withBookkeeping(7, 1, null, null))).toList());
        String edit = "apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: acme, resourceVersion: %d}\nspec: {asn: 65000}\n";
        assertThat(Fixtures.plan(stamped, edit.formatted(7), Caller.OPERATOR).errors()).isEmpty();
        assertThat(Fixtures.plan(stamped, edit.formatted(6), Caller.OPERATOR).errors()).singleElement().satisfies(e -> {
            assertThat(e.failure()).isEqualTo(ChangePlanner.Failure.CONFLICT);
            assertThat(e.reason()).contains("now at resourceVersion 7, you sent 6");
        });
    }

    @Test
    void deletingSomethingInUseIsRefusedUnlessItsUsersGoToo() {
        ResourceKey vpc = new ResourceKey(Kind.VPC, "acme", "prod");
        ResourceKey att = new ResourceKey(Kind.ATTACHMENT, "acme", "site-a");
        var alone = ChangePlanner.plan(WORLD, List.of(new ChangePlanner.Op.Delete(0, vpc, null)), Caller.OPERATOR);
        assertThat(alone.errors()).singleElement().satisfies(e -> {
            assertThat(e.failure()).isEqualTo(ChangePlanner.Failure.CONFLICT);
            assertThat(e.reason()).contains("still used by Attachment/acme/site-a (/spec/vpc)");
        });
        var both = ChangePlanner.plan(WORLD, List.of(new ChangePlanner.Op.Delete(0, vpc, null), new ChangePlanner.Op.Delete(1, att, null)), Caller.OPERATOR);
        assertThat(both.errors()).isEmpty();
        assertThat(both.after().get(vpc)).isEmpty();
        var missing = ChangePlanner.plan(WORLD, List.of(new ChangePlanner.Op.Delete(0, new ResourceKey(Kind.VPC, "acme", "nope"), null)), Caller.OPERATOR);
        assertThat(missing.worst()).contains(ChangePlanner.Failure.NOT_FOUND);
    }

    @Test
    void tenantsChangeOnlyTheirOwnResources() {
        Caller acme = new Caller.TenantMember("acme");
        assertThat(Fixtures.plan(WORLD, Fixtures.TENANT.substring(Fixtures.TENANT.indexOf("kind: TrafficClass") - 30), acme).errors()).isEmpty();
        assertThat(Fixtures.plan(WORLD, Fixtures.BACKBONE, acme).worst()).contains(ChangePlanner.Failure.FORBIDDEN);
        var other = Fixtures.plan(WORLD, "apiVersion: galactic/v1alpha1\nkind: TrafficClass\nmetadata: {name: x, tenant: globex}\nspec: {mode: lowest-cost}\n", acme);
        assertThat(other.errors()).singleElement().satisfies(e -> {
            assertThat(e.failure()).isEqualTo(ChangePlanner.Failure.FORBIDDEN);
            assertThat(e.reason()).doesNotContain("globex");
        });
    }

    @Test
    void duplicateKeysInABatch() {
        String t = "apiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: dup}\n";
        assertThat(Fixtures.plan(WORLD, t + "---\n" + t, Caller.OPERATOR).errors()).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("appears twice"));
    }

    @Test
    void webhookSecretsSurviveAnApplyWithoutThem() {
        String hook = "apiVersion: galactic/v1alpha1\nkind: Webhook\nmetadata: {name: h, tenant: acme}\nspec: {url: 'https://x.example/h'%s}\n";
        ResourceImage w = Fixtures.plan(WORLD, hook.formatted(", secret: 0123456789abcdef"), Caller.OPERATOR).after();
        ChangePlanner.Plan again = Fixtures.plan(w, hook.formatted(""), Caller.OPERATOR);
        assertThat(again.changes()).extracting(Change::action).containsExactly(Change.Action.UNCHANGED);
        assertThat(again.after().get(Kind.WEBHOOK, "acme", "h").orElseThrow().spec(WebhookSpec.class).secret()).isEqualTo("0123456789abcdef");
    }
}

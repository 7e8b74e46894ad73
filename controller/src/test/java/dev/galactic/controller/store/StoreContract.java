package dev.galactic.controller.store;

import dev.galactic.core.model.Caller;
import dev.galactic.core.model.Change;
import dev.galactic.core.model.ChangePlanner;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.ResourceKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same store behaviour, run against each database. */
abstract class StoreContract {

    static final String TENANT = """
            apiVersion: galactic/v1alpha1
            kind: Tenant
            metadata: {name: acme, labels: {tier: gold}}
            spec: {asn: 4200000001}
            ---
            apiVersion: galactic/v1alpha1
            kind: TrafficClass
            metadata: {name: fast, tenant: acme}
            spec: {mode: lowest-latency, thresholds: {maxLatencyMs: 50}}
            """;

    Database db;
    ResourceStore store;
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    abstract Database open();

    @BeforeEach
    void setUp() {
        db = open();
        store = new ResourceStore(db);
    }

    @AfterEach
    void tearDown() {
        if (db != null) db.close();
    }

    static List<ChangePlanner.Op> puts(String yaml) {
        List<ChangePlanner.Op> ops = new ArrayList<>();
        for (Resource r : ResourceCodec.parse(yaml, ResourceCodec.Format.YAML).resources()) ops.add(new ChangePlanner.Op.Put(ops.size(), r));
        return ops;
    }

    List<Change> commit(String yaml) {
        ChangePlanner.Plan plan = ChangePlanner.plan(store.load(), puts(yaml), Caller.OPERATOR);
        assertThat(plan.errors()).isEmpty();
        return store.commit(plan.changes(), "test", T0);
    }

    @Test
    void commitsAssignMonotonicVersionsAndSurviveReopening() {
        List<Change> first = commit(TENANT);
        assertThat(first).extracting(c -> c.after().metadata().resourceVersion()).containsExactly(1L, 2L);
        assertThat(first).extracting(c -> c.after().metadata().generation()).containsOnly(1L);
        List<Change> second = commit(TENANT.replace("maxLatencyMs: 50", "maxLatencyMs: 30"));
        Change edited = second.stream().filter(c -> c.action() == Change.Action.CONFIGURED).findFirst().orElseThrow();
        assertThat(edited.after().metadata().resourceVersion()).isEqualTo(3L);
        assertThat(edited.after().metadata().generation()).isEqualTo(2L);
        assertThat(edited.after().metadata().createdAt()).isEqualTo(T0);
        assertThat(store.revision()).isEqualTo(3L);

        ResourceImage before = store.load();
        db.close();
        db = reopen();
        store = new ResourceStore(db);
        assertThat(store.load().all()).containsExactlyElementsOf(before.all());
        assertThat(store.load().get(new ResourceKey(Kind.TENANT, null, "acme")).orElseThrow().metadata().labels()).containsEntry("tier", "gold");
    }

    /** The same database opened again (a restart). */
    abstract Database reopen();

    @Test
    void aLostRaceStoresNothingOfTheBatch() {
        commit(TENANT);
        ResourceImage stale = store.load();
        commit(TENANT.replace("maxLatencyMs: 50", "maxLatencyMs: 30"));
        // a second writer planned against the old image: its whole batch must fail
        ChangePlanner.Plan late = ChangePlanner.plan(stale, puts(TENANT.replace("maxLatencyMs: 50", "maxLatencyMs: 20")
                + "---\napiVersion: galactic/v1alpha1\nkind: Tenant\nmetadata: {name: newcomer}\n"), Caller.OPERATOR);
        assertThat(late.errors()).isEmpty();
        assertThatThrownBy(() -> store.commit(late.changes(), "late", T0)).isInstanceOf(ResourceStore.ConcurrentChangeException.class);
        ResourceImage now = store.load();
        assertThat(now.get(new ResourceKey(Kind.TENANT, null, "newcomer"))).isEmpty();
        assertThat(now.get(new ResourceKey(Kind.TRAFFIC_CLASS, "acme", "fast")).orElseThrow().spec().toString()).contains("maxLatencyMs=30.0");
        assertThat(store.revision()).isEqualTo(3L);
    }

    @Test
    void deletesAreCommittedAndLogged() {
        commit(TENANT);
        ResourceImage img = store.load();
        ChangePlanner.Plan del = ChangePlanner.plan(img, List.of(
                new ChangePlanner.Op.Delete(0, new ResourceKey(Kind.TRAFFIC_CLASS, "acme", "fast"), 2L)), Caller.OPERATOR);
        assertThat(del.errors()).isEmpty();
        store.commit(del.changes(), "test", T0);
        assertThat(store.load().size()).isEqualTo(1);
        assertThat(store.count(Kind.TRAFFIC_CLASS)).isZero();
        int logged = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM change_log").mapTo(Integer.class).one());
        assertThat(logged).isEqualTo(3);
    }

    @Test
    void tokensAreStoredHashed() {
        commit(TENANT);
        TokenStore tokens = new TokenStore(db);
        assertThat(tokens.hasAdmin()).isFalse();
        TokenStore.Issued admin = tokens.create(null, "ops", T0);
        TokenStore.Issued acme = tokens.create("acme", "ci", T0);
        assertThat(tokens.hasAdmin()).isTrue();
        assertThat(tokens.authenticate(admin.secret())).map(TokenStore.Token::isAdmin).contains(true);
        assertThat(tokens.authenticate(acme.secret())).map(TokenStore.Token::tenant).contains("acme");
        assertThat(tokens.authenticate(acme.secret() + "x")).isEmpty();
        String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT secret_hash FROM tokens")
                .mapTo(String.class).list().toString());
        assertThat(stored).doesNotContain(acme.secret()).doesNotContain(admin.secret());
        assertThat(tokens.delete(acme.token().id())).isTrue();
        assertThat(tokens.authenticate(acme.secret())).isEmpty();
    }

    @Test
    void tokensBelongToATenantOrNodeThatExistsAndDieWithIt() {
        commit(TENANT);
        commit("apiVersion: galactic/v1alpha1\nkind: Node\nmetadata: {name: fra}\nspec: {role: core, location: {lat: 50, lon: 8, country: DE}}\n");
        TokenStore tokens = new TokenStore(db);
        assertThatThrownBy(() -> tokens.create("ghost", "ci", T0)).isInstanceOf(TokenStore.OwnerGone.class);
        assertThatThrownBy(() -> tokens.createForNode("atlantis", "agent", T0)).isInstanceOf(TokenStore.OwnerGone.class);
        TokenStore.Issued acme = tokens.create("acme", "ci", T0);
        TokenStore.Issued fra = tokens.createForNode("fra", "agent", T0);
        TokenStore.Issued admin = tokens.create(null, "ops", T0);
        ResourceImage img = store.load();
        ChangePlanner.Plan del = ChangePlanner.plan(img, List.of(
                new ChangePlanner.Op.Delete(0, new ResourceKey(Kind.TRAFFIC_CLASS, "acme", "fast"), null),
                new ChangePlanner.Op.Delete(1, new ResourceKey(Kind.TENANT, null, "acme"), null),
                new ChangePlanner.Op.Delete(2, new ResourceKey(Kind.NODE, null, "fra"), null)), Caller.OPERATOR);
        assertThat(del.errors()).isEmpty();
        store.commit(del.changes(), "test", T0);
        assertThat(tokens.authenticate(acme.secret())).isEmpty();
        assertThat(tokens.authenticate(fra.secret())).isEmpty();
        assertThat(tokens.list()).extracting(TokenStore.Token::id).containsExactly(admin.token().id());
    }

    /** A JDBC URL of another, empty database (no migration run yet). */
    abstract String emptyDatabaseUrl();

    /** Opens (and so migrates) the database at that URL. */
    abstract Database open(String url);

    @Test
    void theMigrationRevokesTokensWhoseTenantOrNodeWasDeletedBefore() throws Exception {
        String url = emptyDatabaseUrl();
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("8").load().migrate();
        try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement()) {
            s.execute("INSERT INTO resources (kind, tenant, name, resource_version, generation, document, created_at, updated_at) "
                    + "VALUES ('TENANT', '', 'acme', 1, 1, '{}', 'x', 'x'), ('NODE', '', 'fra', 2, 1, '{}', 'x', 'x')");
            s.execute("INSERT INTO tokens (id, tenant, node, secret_hash, description, created_at) VALUES "
                    + "('admin', NULL, NULL, 'h1', 'd', 'x'), ('acme', 'acme', NULL, 'h2', 'd', 'x'), ('zeta', 'zeta', NULL, 'h3', 'd', 'x'), "
                    + "('fra', NULL, 'fra', 'h4', 'd', 'x'), ('gone', NULL, 'gone', 'h5', 'd', 'x')");
        }
        try (Database upgraded = open(url)) {
            List<String> ids = upgraded.jdbi().withHandle(h ->
                    h.createQuery("SELECT id FROM tokens ORDER BY id").mapTo(String.class).list());
            assertThat(ids).containsExactly("acme", "admin", "fra");
        }
    }
}

package dev.galactic.controller.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the database behind the store: an embedded SQLite file by default, PostgreSQL when a
 * jdbc:postgresql URL is configured. Migrations run on open.
 *
 * <p>Only the store package gets at the connections ({@link #jdbi()} is package-private): every
 * statement the controller runs lives in a store class, so the SQL that must work on both
 * databases is in one place (the architecture test holds the rest of the controller to that).
 */
public final class Database implements AutoCloseable {

    public enum Flavor { SQLITE, POSTGRESQL }

    private final HikariDataSource dataSource;
    /** One for all stores: a Jdbi is thread-safe, and one per store would only repeat its configuration and caches. */
    private final Jdbi jdbi;
    private final Flavor flavor;
    private final String description;

    private Database(HikariDataSource ds, Flavor flavor, String description) {
        this.dataSource = ds;
        this.jdbi = Jdbi.create(ds);
        this.flavor = flavor;
        this.description = description;
    }

    /** The embedded default: one SQLite file in the data directory. */
    public static Database sqlite(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create data directory for " + file + ": " + e.getMessage(), e);
        }
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        // WAL lets readers run beside the writer; synchronous=FULL makes every commit durable
        c.addDataSourceProperty("journal_mode", "WAL");
        c.addDataSourceProperty("synchronous", "FULL");
        c.addDataSourceProperty("busy_timeout", "10000");
        c.addDataSourceProperty("foreign_keys", "true");
        // a transaction takes the write lock when it begins: a read that later wants to write
        // would otherwise fail at once with SQLITE_BUSY when another writer got in between
        c.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        c.setMaximumPoolSize(4);
        c.setPoolName("galactic-sqlite");
        return open(c, Flavor.SQLITE, "SQLite " + file.toAbsolutePath());
    }

    /** PostgreSQL from a JDBC URL (user and password may be in the URL or given apart). */
    public static Database postgres(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("expected a jdbc:postgresql:// URL, got " + jdbcUrl);
        }
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        if (user != null) c.setUsername(user);
        if (password != null) c.setPassword(password);
        c.setMaximumPoolSize(8);
        c.setPoolName("galactic-postgresql");
        return open(c, Flavor.POSTGRESQL, "PostgreSQL " + jdbcUrl.replaceAll("password=[^&]*", "password=***"));
    }

    private static Database open(HikariConfig c, Flavor flavor, String description) {
        c.setConnectionTimeout(10_000);
        HikariDataSource ds = new HikariDataSource(c);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, flavor, description);
    }

    Jdbi jdbi() { return jdbi; }

    /** Whether the database answers (readiness): a pooled connection runs a trivial query. */
    public boolean ping() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public Flavor flavor() { return flavor; }

    public String description() { return description; }

    @Override
    public void close() { dataSource.close(); }
}

package dev.galactic.controller;

import org.junit.jupiter.api.Assumptions;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Databases for tests: a fresh PostgreSQL database per call on the server that scripts/test
 * starts (GALACTIC_TEST_PG_URL). Without that server the PostgreSQL tests are skipped, unless
 * -Dgalactic.requirePostgres=true (the test script and CI) makes that a failure.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** A JDBC URL of a new, empty PostgreSQL database. */
    public static String freshPostgres() {
        String admin = System.getenv("GALACTIC_TEST_PG_URL");
        if (admin == null || admin.isBlank()) {
            if (Boolean.getBoolean("galactic.requirePostgres")) {
                throw new IllegalStateException("GALACTIC_TEST_PG_URL is not set: run the tests with ./scripts/test, which starts PostgreSQL");
            }
            Assumptions.abort("no PostgreSQL server: run ./scripts/test to include the PostgreSQL tests");
        }
        String db = "galactic_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var c = DriverManager.getConnection(admin); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + admin + ": " + e.getMessage(), e);
        }
        int q = admin.indexOf('?');
        String base = q < 0 ? admin : admin.substring(0, q);
        String params = q < 0 ? "" : admin.substring(q);
        return base.substring(0, base.lastIndexOf('/') + 1) + db + params;
    }
}

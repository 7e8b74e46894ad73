package dev.galactic.controller.store;

import dev.galactic.controller.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

/**
 * A store's contract test runs each of its tests on a fresh SQLite file and on a fresh
 * PostgreSQL database: the one SQL has to mean the same on both. Without a PostgreSQL server
 * those runs are skipped, unless -Dgalactic.requirePostgres=true (see {@link TestDatabases}).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Database.Flavor.class)
abstract class OnBothDatabases {

    @Parameter
    Database.Flavor flavor;

    @TempDir
    Path dir;

    private String postgresUrl;
    Database db;

    @BeforeEach
    void openDatabase() {
        if (flavor == Database.Flavor.POSTGRESQL) postgresUrl = TestDatabases.freshPostgres();
        db = open();
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) db.close();
    }

    /** Closes the database and opens it again, as a restarted controller does; stores made before hold the closed one. */
    Database reopen() {
        db.close();
        db = open();
        return db;
    }

    private Database open() {
        return switch (flavor) {
            case SQLITE -> Database.sqlite(dir.resolve("galactic.db"));
            case POSTGRESQL -> Database.postgres(postgresUrl, null, null);
        };
    }
}

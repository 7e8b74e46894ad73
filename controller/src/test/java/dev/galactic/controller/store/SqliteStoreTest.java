package dev.galactic.controller.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteStoreTest extends StoreContract {

    @TempDir
    Path dir;

    @Override
    Database open() {
        return Database.sqlite(dir.resolve("galactic.db"));
    }

    @Override
    Database reopen() {
        return open();
    }

    @Override
    String emptyDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("old.db");
    }

    @Override
    Database open(String url) {
        return Database.sqlite(Path.of(url.substring("jdbc:sqlite:".length())));
    }
}

package dev.galactic.controller.store;

import dev.galactic.controller.TestDatabases;

class PostgresStoreTest extends StoreContract {

    private String url;

    @Override
    Database open() {
        url = TestDatabases.freshPostgres();
        return Database.postgres(url, null, null);
    }

    @Override
    Database reopen() {
        return Database.postgres(url, null, null);
    }

    @Override
    String emptyDatabaseUrl() {
        return TestDatabases.freshPostgres();
    }

    @Override
    Database open(String other) {
        return Database.postgres(other, null, null);
    }
}

package dev.galactic.controller.api;

import dev.galactic.controller.ControllerConfig;
import dev.galactic.controller.TestDatabases;

class PostgresApiTest extends ApiContract {
    @Override
    ControllerConfig database(ControllerConfig base) {
        return base.withDatabase(TestDatabases.freshPostgres(), null, null);
    }
}

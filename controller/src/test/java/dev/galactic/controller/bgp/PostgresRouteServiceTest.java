package dev.galactic.controller.bgp;

import dev.galactic.controller.ControllerConfig;
import dev.galactic.controller.TestDatabases;

class PostgresRouteServiceTest extends RouteServiceContract {
    @Override
    ControllerConfig database(ControllerConfig base) {
        return base.withDatabase(TestDatabases.freshPostgres(), null, null);
    }
}

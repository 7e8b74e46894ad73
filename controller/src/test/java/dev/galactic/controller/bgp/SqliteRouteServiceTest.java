package dev.galactic.controller.bgp;

import dev.galactic.controller.ControllerConfig;

class SqliteRouteServiceTest extends RouteServiceContract {
    @Override
    ControllerConfig database(ControllerConfig base) {
        return base;
    }
}

package dev.galactic.controller.api;

import dev.galactic.controller.ControllerConfig;

class SqliteApiTest extends ApiContract {
    @Override
    ControllerConfig database(ControllerConfig base) {
        return base;
    }
}

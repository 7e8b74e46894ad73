package dev.galactic.controller.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTest extends OnBothDatabases {

    @Test
    void answersAPingUntilClosed() {
        assertThat(db.ping()).isTrue();
        db.close();
        assertThat(db.ping()).isFalse();
    }
}

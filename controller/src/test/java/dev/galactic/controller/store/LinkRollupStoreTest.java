package dev.galactic.controller.store;

import dev.galactic.controller.store.LinkRollupStore.LinkRollup;
import dev.galactic.core.telemetry.LinkId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LinkRollupStoreTest extends OnBothDatabases {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final LinkId FRA_AMS = LinkId.of("fra", "ams");
    static final LinkId AMS_FRA = FRA_AMS.reversed();

    static LinkRollup up(LinkId link, int minute) {
        return new LinkRollup(link, T0.plusSeconds(60L * minute), "up", 7.5 + minute, 0.25, 0.0, 9.75, 60);
    }

    static LinkRollup down(LinkId link, int minute) {
        return new LinkRollup(link, T0.plusSeconds(60L * minute), "down", null, null, 100.0, null, 3);
    }

    @Test
    void readsBackOneLinksRollupsInTimeOrder() {
        LinkRollupStore store = new LinkRollupStore(db);
        store.append(List.of(up(FRA_AMS, 0), up(AMS_FRA, 0)), T0);
        store.append(List.of(down(FRA_AMS, 1), up(AMS_FRA, 1)), T0);
        store.append(List.of(up(FRA_AMS, 2)), T0);

        // both ends of the range count; the other direction is another link
        assertThat(new LinkRollupStore(reopen()).between(FRA_AMS, T0, T0.plusSeconds(120)))
                .containsExactly(up(FRA_AMS, 0), down(FRA_AMS, 1), up(FRA_AMS, 2));
        assertThat(new LinkRollupStore(db).between(FRA_AMS, T0.plusSeconds(1), T0.plusSeconds(119))).containsExactly(down(FRA_AMS, 1));
    }

    @Test
    void forgetsWhatIsOlderThanItKeeps() {
        LinkRollupStore store = new LinkRollupStore(db);
        store.append(List.of(up(FRA_AMS, 0), up(FRA_AMS, 1)), T0);
        store.append(List.of(up(FRA_AMS, 2)), T0.plusSeconds(60));
        assertThat(store.between(FRA_AMS, T0, T0.plusSeconds(600))).containsExactly(up(FRA_AMS, 1), up(FRA_AMS, 2));
        // a period with nothing measured still prunes
        store.append(List.of(), T0.plusSeconds(180));
        assertThat(store.between(FRA_AMS, T0, T0.plusSeconds(600))).isEmpty();
    }
}

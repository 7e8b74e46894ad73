package dev.galactic.controller.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventStoreTest extends OnBothDatabases {

    static EventStore.StoredEvent event(long seq) {
        return new EventStore.StoredEvent(seq, Instant.parse("2026-12-08T12:00:00Z").plusSeconds(seq), "link.status",
                seq % 2 == 0 ? "acme" : null, seq % 2 != 0, seq % 3 == 0 ? List.of("globex", "initech") : List.of(),
                "event " + seq, "{\"n\":" + seq + "}");
    }

    static List<EventStore.StoredEvent> events(long from, long to) {
        List<EventStore.StoredEvent> out = new ArrayList<>();
        for (long s = from; s <= to; s++) out.add(event(s));
        return out;
    }

    @Test
    void eventsSurviveAReopenInOrderAndPageForward() {
        EventStore store = new EventStore(db, 1000);
        assertThat(store.lastSeq()).isZero();
        store.append(events(1, 7));
        store.append(List.of());
        EventStore reopened = new EventStore(reopen(), 1000);
        assertThat(reopened.lastSeq()).isEqualTo(7);
        assertThat(reopened.newest(3)).extracting(EventStore.StoredEvent::seq).containsExactly(5L, 6L, 7L);
        assertThat(reopened.after(2, Long.MAX_VALUE, 3, null, List.of())).containsExactlyElementsOf(events(3, 5));
        assertThat(reopened.after(7, Long.MAX_VALUE, 10, null, List.of())).isEmpty();
    }

    @Test
    void onlyTheNewestAreKept() {
        EventStore store = new EventStore(db, 500);
        for (long s = 1; s <= 2000; s += 100) store.append(events(s, s + 99));
        // trimmed as the sequence passes each thousand: at most the kept ones and a thousand more
        assertThat(store.after(0, Long.MAX_VALUE, 5000, null, List.of()).size()).isBetween(500, 1500);
        assertThat(store.newest(1)).extracting(EventStore.StoredEvent::seq).containsExactly(2000L);
        assertThat(store.after(0, Long.MAX_VALUE, 1, null, List.of()).getFirst().seq()).isGreaterThan(2000 - 1500);
    }
    /** event(seq): even ones are acme's, odd ones the backbone's, every third shared with globex and initech. */
    @Test
    void theDatabaseFiltersByWhoMaySeeAndByTypePrefix() {
        EventStore store = new EventStore(db, 1000);
        store.append(events(1, 12));
        store.append(List.of(new EventStore.StoredEvent(13, Instant.parse("2026-12-08T12:00:00Z"), "path.change", "a_c", false,
                List.of("glo%ex"), "odd names", "{}")));
        assertThat(store.after(0, Long.MAX_VALUE, 100, "acme", List.of())).extracting(EventStore.StoredEvent::seq)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        // globex sees the backbone (odd) and what is shared with it (every third), not acme's own
        assertThat(store.after(0, Long.MAX_VALUE, 100, "globex", List.of())).extracting(EventStore.StoredEvent::seq)
                .containsExactly(1L, 3L, 5L, 6L, 7L, 9L, 11L, 12L);
        assertThat(store.after(2, 9, 100, "globex", List.of())).extracting(EventStore.StoredEvent::seq).containsExactly(3L, 5L, 6L, 7L);
        assertThat(store.after(0, Long.MAX_VALUE, 2, "globex", List.of("link.", "node."))).extracting(EventStore.StoredEvent::seq).containsExactly(1L, 3L);
        assertThat(store.after(0, Long.MAX_VALUE, 100, null, List.of("path."))).extracting(EventStore.StoredEvent::seq).containsExactly(13L);
        // LIKE's wildcards in names and prefixes are plain characters
        assertThat(store.after(0, Long.MAX_VALUE, 100, "abc", List.of())).extracting(EventStore.StoredEvent::seq).doesNotContain(13L);
        assertThat(store.after(0, Long.MAX_VALUE, 100, "a_c", List.of())).extracting(EventStore.StoredEvent::seq).contains(13L);
        assertThat(store.after(0, Long.MAX_VALUE, 100, "glo%ex", List.of())).extracting(EventStore.StoredEvent::seq).contains(13L);
        assertThat(store.after(0, Long.MAX_VALUE, 100, "globex", List.of())).extracting(EventStore.StoredEvent::seq).doesNotContain(13L);
        assertThat(store.after(0, Long.MAX_VALUE, 100, null, List.of("p_th."))).isEmpty();
    }
}

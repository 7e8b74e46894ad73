package dev.galactic.controller.events;

import dev.galactic.controller.loop.ControlLoop;
import dev.galactic.controller.loop.LoopInput;
import dev.galactic.controller.loop.Publisher;
import dev.galactic.core.image.NetworkImage;
import dev.galactic.core.model.ResourceImage;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class EventHubTest {

    static EventBody configRefused(String node) {
        return new EventBody.ConfigRefused(node, 1, "no such device");
    }

    @Test
    void eventsOfALoopStepGoOutOnlyAfterItsLastPublisherInPublishingOrderAndOthersAtOnce() {
        java.time.Instant t0 = java.time.Instant.parse("2026-12-08T12:00:00Z");
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now = new java.util.concurrent.atomic.AtomicReference<>(t0);
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }

            @Override
            public Clock withZone(java.time.ZoneId zone) { return this; }

            @Override
            public java.time.Instant instant() { return now.get(); }
        };
        EventHub hub = new EventHub(clock, 100);
        List<String> seenDuringTheStep = new CopyOnWriteArrayList<>();
        Publisher first = Publisher.ofIntent("first", (c, image) -> {
            assertThat(hub.publish(configRefused("a"))).as("held on the loop's thread").isNull();
            hub.publish(configRefused("b"));
        });
        Publisher later = Publisher.ofIntent("later", (c, image) -> {
            hub.recent(e -> true, 0, 10).forEach(e -> seenDuringTheStep.add(e.summary()));
            now.set(t0.plusSeconds(1)); // the step takes a while
        });
        try (ControlLoop loop = new ControlLoop(NetworkImage.EMPTY, List.of(first, later, hub.publisher()))) {
            Event outside = hub.publish(configRefused("before"));
            assertThat(outside.seq()).isEqualTo(1);
            loop.submit(new LoopInput.IntentCommitted(1, ResourceImage.EMPTY, ResourceImage.EMPTY, List.of())).join();
        }
        assertThat(seenDuringTheStep).hasSize(1).allSatisfy(s -> assertThat(s).contains("before"));
        List<Event> all = new ArrayList<>(hub.recent(e -> true, 0, 10));
        assertThat(all).extracting(e -> ((EventBody.ConfigRefused) e.body()).node()).containsExactly("before", "a", "b");
        assertThat(all).extracting(Event::seq).containsExactly(1L, 2L, 3L);
        // an event happened when it was published, not when the step's end delivered it
        assertThat(all).extracting(Event::at).containsOnly(t0);
    }

    @Test
    void aHubOverTheEventLogContinuesWhereTheLastOneStoppedAndPagesFromTheLog(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (var db = dev.galactic.controller.store.Database.sqlite(dir.resolve("events.db"))) {
            var log = new dev.galactic.controller.store.EventStore(db, 1000);
            EventHub first = new EventHub(Clock.systemUTC(), 3, log);
            List<Event> published = new ArrayList<>(first.publishAll(List.of(configRefused("a"), configRefused("b"))));
            for (String n : List.of("c", "d", "e")) published.add(first.publish(configRefused(n)));

            EventHub second = new EventHub(Clock.systemUTC(), 3, log);
            assertThat(second.publish(configRefused("f")).seq()).isEqualTo(6);
            // the retained ones are what the log had last, as the API showed them
            assertThat(second.recent(e -> true, 0, 10)).extracting(Event::seq).containsExactly(4L, 5L, 6L);
            assertThat(EventJson.of(second.recent(e -> true, 0, 10).getFirst()).toString()).isEqualTo(EventJson.of(published.get(3)).toString());
            // a client paging forward from the start gets the logged ones first, then the retained, without gaps
            assertThat(second.page(EventFilter.ALL, 0, 4)).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L);
            assertThat(second.page(EventFilter.ALL, 4, 10)).extracting(Event::seq).containsExactly(5L, 6L);
            List<Event> backlog = new ArrayList<>();
            try (var sub = second.subscribe(EventFilter.ALL, 1, backlog)) {
                assertThat(backlog).extracting(Event::seq).containsExactly(2L, 3L, 4L, 5L, 6L);
            }
            assertThat(second.recent(e -> true, 0, 10).getFirst().body()).isInstanceOf(EventBody.Recorded.class);
            assertThat(second.recent(e -> true, 0, 10).getFirst().type()).isEqualTo(EventType.NODE_CONFIG);
        }
    }
    static EventBody created(dev.galactic.core.model.Kind kind, String tenant, String name) {
        return new EventBody.ResourceChanged(new dev.galactic.core.model.ResourceKey(kind, tenant, name), dev.galactic.core.model.Change.Action.CREATED, 1L, List.of());
    }

    /** The log answers what a tenant may see, and of which types, the same as the hub's own test of each event. */
    @Test
    void theLogFiltersByTenantAndTypeAsTheHubDoes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (var db = dev.galactic.controller.store.Database.sqlite(dir.resolve("events.db"))) {
            var log = new dev.galactic.controller.store.EventStore(db, 1000);
            EventHub first = new EventHub(Clock.systemUTC(), 100, log);
            first.publishAll(List.of(created(dev.galactic.core.model.Kind.VPC, "acme", "prod"), created(dev.galactic.core.model.Kind.VPC, "globex", "x"),
                    created(dev.galactic.core.model.Kind.NODE, null, "fra"), configRefused("fra"),
                    new EventBody.LinkChanged(new dev.galactic.core.telemetry.LinkEvent.StatusChanged(dev.galactic.core.telemetry.LinkId.of("edge-a", "fra"),
                            dev.galactic.core.telemetry.LinkStatus.UP, dev.galactic.core.telemetry.LinkStatus.DOWN,
                            new dev.galactic.core.telemetry.LinkState(dev.galactic.core.telemetry.LinkId.of("edge-a", "fra"), dev.galactic.core.telemetry.LinkStatus.DOWN,
                                    1, 0, 100, null, null, 1, 0, dev.galactic.core.telemetry.ProbeType.UDP), 0),
                            new Audience(null, false, java.util.Set.of("globex", "acme_"))),
                    created(dev.galactic.core.model.Kind.VPC, "acme_", "y")));
            // a hub that retains one event reads the others from the log
            EventHub hub = new EventHub(Clock.systemUTC(), 1, log);
            for (EventFilter f : List.of(EventFilter.ALL, new EventFilter("acme", List.of()), new EventFilter("globex", List.of()),
                    new EventFilter("acme_", List.of()), new EventFilter(null, List.of("resource.")), new EventFilter("globex", List.of("link.", "node.")),
                    new EventFilter("nobody", List.of()), new EventFilter(null, List.of("res%")))) {
                List<Long> expected = first.recent(f, 0, 100).stream().map(Event::seq).toList();
                assertThat(hub.page(f, 0, 100)).as("%s", f).extracting(Event::seq).containsExactlyElementsOf(expected);
            }
            assertThat(hub.page(new EventFilter("acme", List.of()), 0, 100)).extracting(Event::seq).containsExactly(1L, 3L);
            assertThat(hub.page(new EventFilter("acme_", List.of()), 0, 100)).extracting(Event::seq).containsExactly(3L, 5L, 6L);
        }
    }
}

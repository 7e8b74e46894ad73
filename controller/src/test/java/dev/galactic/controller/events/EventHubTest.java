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
        EventHub hub = new EventHub(Clock.systemUTC(), 100);
        List<String> seenDuringTheStep = new CopyOnWriteArrayList<>();
        Publisher first = Publisher.ofIntent("first", (c, image) -> {
            assertThat(hub.publish(configRefused("a"))).as("held on the loop's thread").isNull();
            hub.publish(configRefused("b"));
        });
        Publisher later = Publisher.ofIntent("later", (c, image) ->
                hub.recent(e -> true, 0, 10).forEach(e -> seenDuringTheStep.add(e.summary())));
        try (ControlLoop loop = new ControlLoop(NetworkImage.EMPTY, List.of(first, later, hub.publisher()))) {
            Event outside = hub.publish(configRefused("before"));
            assertThat(outside.seq()).isEqualTo(1);
            loop.submit(new LoopInput.IntentCommitted(1, ResourceImage.EMPTY, ResourceImage.EMPTY, List.of())).join();
        }
        assertThat(seenDuringTheStep).hasSize(1).allSatisfy(s -> assertThat(s).contains("before"));
        List<Event> all = new ArrayList<>(hub.recent(e -> true, 0, 10));
        assertThat(all).extracting(e -> ((EventBody.ConfigRefused) e.body()).node()).containsExactly("before", "a", "b");
        assertThat(all).extracting(Event::seq).containsExactly(1L, 2L, 3L);
    }
}

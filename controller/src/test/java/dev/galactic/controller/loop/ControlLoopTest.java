package dev.galactic.controller.loop;

import dev.galactic.core.model.ResourceImage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class ControlLoopTest {

    static LoopInput.IntentCommitted revision(long r) {
        return new LoopInput.IntentCommitted(r, ResourceImage.EMPTY, ResourceImage.EMPTY, List.of());
    }

    @Test
    void everyInputMeetsThePublishersInTheirDeclaredOrderOnTheLoopsThreadInSubmissionOrder() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Publisher a = Publisher.ofIntent("a", c -> seen.add("a" + c.revision() + "@" + Thread.currentThread().getName()));
        Publisher b = Publisher.ofIntent("b", c -> seen.add("b" + c.revision() + "@" + Thread.currentThread().getName()));
        try (ControlLoop loop = new ControlLoop(List.of(b, a))) {
            assertThat(loop.order()).containsExactly("b", "a");
            loop.submit(revision(1));
            ControlLoop.await(loop.submit(revision(2)), Duration.ofSeconds(10), "2");
        }
        assertThat(seen).containsExactly("b1@galactic-loop", "a1@galactic-loop", "b2@galactic-loop", "a2@galactic-loop");
    }

    @Test
    void aFailingPublisherKeepsTheInputFromNoneOfTheOthers() {
        List<Long> later = new CopyOnWriteArrayList<>();
        try (ControlLoop loop = new ControlLoop(List.of(
                Publisher.ofIntent("broken", c -> { throw new IllegalStateException("boom"); }),
                Publisher.ofIntent("later", c -> later.add(c.revision()))))) {
            ControlLoop.await(loop.submit(revision(7)), Duration.ofSeconds(10), "7");
        }
        assertThat(later).containsExactly(7L);
    }

    @Test
    void aPublisherThatSubmitsDoesNotWaitForItself() throws Exception {
        CompletableFuture<Boolean> returned = new CompletableFuture<>();
        ControlLoop[] self = new ControlLoop[1];
        try (ControlLoop loop = new ControlLoop(List.of(Publisher.ofIntent("resubmits", c -> {
            if (c.revision() == 1) {
                ControlLoop.await(self[0].submit(revision(2)), Duration.ofSeconds(30), "2");
                returned.complete(true);
            }
        })))) {
            self[0] = loop;
            loop.submit(revision(1));
            assertThat(returned.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }
}

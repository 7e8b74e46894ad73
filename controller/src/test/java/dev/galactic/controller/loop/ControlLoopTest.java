package dev.galactic.controller.loop;

import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.image.NetworkImage;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;
import dev.galactic.core.telemetry.LinkStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ControlLoopTest {

    static LoopInput.IntentCommitted revision(long r) {
        return new LoopInput.IntentCommitted(r, ResourceImage.EMPTY, ResourceImage.EMPTY, List.of());
    }

    static LoopInput.LinksMeasured measured(String from, String to) {
        LinkState s = new LinkState(LinkId.of(from, to), LinkStatus.UP, 10, 1, 0, null, null, 5, 1, null);
        return new LoopInput.LinksMeasured(new NetworkDelta.LinksDelta(List.of(), Map.of(s.link(), s)));
    }

    @Test
    void everyInputMeetsThePublishersInTheirDeclaredOrderOnTheLoopsThreadInSubmissionOrder() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Publisher a = Publisher.ofIntent("a", (c, image) -> seen.add("a" + c.revision() + "@" + Thread.currentThread().getName()));
        Publisher b = Publisher.ofIntent("b", (c, image) -> seen.add("b" + c.revision() + "@" + Thread.currentThread().getName()));
        try (ControlLoop loop = new ControlLoop(NetworkImage.EMPTY, List.of(b, a))) {
            assertThat(loop.order()).containsExactly("b", "a");
            ControlLoop.await(loop.submit(revision(1)), Duration.ofSeconds(10), "1");
            ControlLoop.await(loop.submit(revision(2)), Duration.ofSeconds(10), "2");
        }
        assertThat(seen).containsExactly("b1@galactic-loop", "a1@galactic-loop", "b2@galactic-loop", "a2@galactic-loop");
    }

    @Test
    void inputsThatQueueWhileAStepRunsMergeIntoOneDeltaAndThePublishersSeeTheImageItMade() throws Exception {
        CountDownLatch busy = new CountDownLatch(1), release = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        Publisher p = Publisher.of("p", (delta, image) -> {
            seen.add((delta.intent() == null ? "-" : "r" + delta.intent().revision() + "x" + delta.intent().changes().size())
                    + " links " + image.links().keySet() + " tick " + (delta.tick() != null) + " image r" + image.revision());
            if (seen.size() == 1) {
                busy.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try (ControlLoop loop = new ControlLoop(NetworkImage.of(3, ResourceImage.EMPTY), List.of(p))) {
            loop.submit(measured("fra", "nyc"));
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            loop.submit(revision(4));
            loop.submit(measured("nyc", "fra"));
            CompletableFuture<Void> last = loop.submit(new LoopInput.Tick(Instant.EPOCH));
            release.countDown();
            last.get(10, TimeUnit.SECONDS);
            assertThat(loop.image().revision()).isEqualTo(4);
        }
        assertThat(seen).containsExactly(
                "- links [fra -> nyc] tick false image r3",
                "r4x0 links [nyc -> fra] tick true image r4");
    }

    @Test
    void aFailingPublisherKeepsTheInputFromNoneOfTheOthers() {
        List<Long> later = new CopyOnWriteArrayList<>();
        try (ControlLoop loop = new ControlLoop(NetworkImage.EMPTY, List.of(
                Publisher.ofIntent("broken", (c, image) -> { throw new IllegalStateException("boom"); }),
                Publisher.ofIntent("later", (c, image) -> later.add(c.revision()))))) {
            ControlLoop.await(loop.submit(revision(7)), Duration.ofSeconds(10), "7");
        }
        assertThat(later).containsExactly(7L);
    }

    @Test
    void aPublisherThatSubmitsDoesNotWaitForItself() throws Exception {
        CompletableFuture<Boolean> returned = new CompletableFuture<>();
        ControlLoop[] self = new ControlLoop[1];
        try (ControlLoop loop = new ControlLoop(NetworkImage.EMPTY, List.of(Publisher.ofIntent("resubmits", (c, image) -> {
            if (c.revision() == 1) {
                ControlLoop.await(self[0].submit(revision(2)), Duration.ofSeconds(30), "2");
                returned.complete(true);
            }
        })))) {
            self[0] = loop;
            loop.submit(revision(1));
            assertThat(returned.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theClockAndAPublishersOwnDeadlineArriveAsTicks() throws Exception {
        CountDownLatch ticks = new CountDownLatch(3);
        try (ControlLoop loop = new ControlLoop(NetworkImage.EMPTY, List.of(Publisher.of("t", (d, image) -> { if (d.tick() != null) ticks.countDown(); })))) {
            loop.tickEvery(Duration.ofMillis(50), Clock.systemUTC());
            loop.tickAt(Instant.now().plusMillis(20));
            assertThat(ticks.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closingFinishesWhatWasQueuedAndReleasesWhoeverWaits() throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> queued;
        try (ControlLoop loop = new ControlLoop(NetworkImage.EMPTY, List.of(Publisher.ofIntent("slow", (c, image) -> {
            seen.add(c.revision());
        })))) {
            queued = loop.submit(revision(1));
        }
        queued.get(5, TimeUnit.SECONDS);
        assertThat(seen).containsExactly(1L);
    }
}

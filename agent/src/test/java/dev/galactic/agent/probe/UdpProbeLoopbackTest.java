package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A reflector and a prober as two agents in one JVM, with real datagrams on 127.0.0.1. */
@Timeout(60)
class UdpProbeLoopbackTest {

    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    UdpReflector reflector;
    UdpProber prober;
    final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() {
        if (prober != null) prober.close();
        if (reflector != null) reflector.close();
    }

    void start(ReflectorPolicy policy, Duration timeout) throws IOException {
        reflector = UdpReflector.start(LOOPBACK, policy, WallClock.SYSTEM);
        prober = new UdpProber("agentA", "agentB", reflector.localAddress(), timeout, WallClock.SYSTEM, samples::add);
    }

    /** Sends n probes at the interval, then waits until every one is answered or reported lost. */
    List<Sample.Echo> run(int n, long intervalMicros) throws InterruptedException {
        long next = System.nanoTime();
        for (int i = 0; i < n; i++) {
            prober.probe();
            next += intervalMicros * 1_000;
            long wait = next - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            prober.expire();
            return samples.size() >= n;
        });
        return samples.stream().map(Sample.Echo.class::cast).toList();
    }

    @Test
    void everyProbeIsAnsweredWithAPlausibleRtt() throws Exception {
        start(ReflectorPolicy.ANSWER_ALL, Duration.ofSeconds(1));
        List<Sample.Echo> echoes = run(300, 1_000);
        assertThat(echoes).hasSize(300).allSatisfy(e -> {
            assertThat(e.lost()).isFalse();
            assertThat(e.type()).isEqualTo(ProbeType.UDP);
            assertThat(e.link()).isEqualTo(LinkId.of("agentA", "agentB"));
            assertThat(e.rttNanos()).isPositive().isLessThan(Duration.ofSeconds(1).toNanos());
        });
        assertThat(echoes).extracting(Sample.Echo::sequence).doesNotHaveDuplicates().hasSize(300);
        // on loopback the median round trip is well under 10 ms even on a busy 2-core box
        long[] rtts = echoes.stream().mapToLong(Sample.Echo::rttNanos).sorted().toArray();
        assertThat(rtts[rtts.length / 2]).isLessThan(10_000_000);
        UdpProbeStats st = prober.stats();
        assertThat(st.sent()).isEqualTo(300);
        assertThat(st.answered()).isEqualTo(300);
        assertThat(st.lossPercent()).isZero();
        assertThat(reflector.answered()).isEqualTo(300);
    }

    @Test
    void worksOverIpv6Loopback() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        try (java.nio.channels.DatagramChannel probe = java.nio.channels.DatagramChannel.open()) {
            probe.bind(v6);
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e);
        }
        reflector = UdpReflector.start(v6, ReflectorPolicy.ANSWER_ALL, WallClock.SYSTEM);
        prober = new UdpProber("agentA", "agentB", reflector.localAddress(), Duration.ofSeconds(1), WallClock.SYSTEM, samples::add);
        assertThat(run(50, 1_000)).hasSize(50).noneMatch(Sample.Echo::lost);
    }

    @Test
    void droppingEveryTenthProbeMeasuresTenPercentLoss() throws Exception {
        start(request -> request.sequence() % 10 == 9 ? ReflectorPolicy.DROP : 0, Duration.ofMillis(1000));
        List<Sample.Echo> echoes = run(500, 1_000);
        assertThat(echoes).filteredOn(Sample.Echo::lost).extracting(Sample.Echo::sequence)
                .allSatisfy(seq -> assertThat(seq % 10).isEqualTo(9)).hasSize(50);
        assertThat(prober.stats().lossPercent()).isEqualTo(10.0);
    }

    @Test
    void seededRandomDropOfTenPercentIsMeasuredWithinBinomialTolerance() throws Exception {
        Random rnd = new Random(20261125);
        AtomicLong dropped = new AtomicLong();
        start(request -> {
            synchronized (rnd) {
                if (rnd.nextDouble() < 0.10) {
                    dropped.incrementAndGet();
                    return ReflectorPolicy.DROP;
                }
                return 0;
            }
        }, Duration.ofMillis(1000));
        int n = 1_000;
        List<Sample.Echo> echoes = run(n, 500);
        long lost = echoes.stream().filter(Sample.Echo::lost).count();
        // loopback loses nothing itself: what is measured is exactly what the reflector dropped,
        // and that is within 4 standard deviations of the 10% target (sd = sqrt(n p (1-p)) = 9.5)
        assertThat(lost).isEqualTo(dropped.get());
        assertThat((double) lost).isBetween(n * 0.10 - 4 * Math.sqrt(n * 0.09), n * 0.10 + 4 * Math.sqrt(n * 0.09));
    }

    @Test
    void heldRepliesShowUpAsAtLeastTheHoldTime() throws Exception {
        long hold = Duration.ofMillis(30).toNanos();
        start(request -> hold, Duration.ofSeconds(1));
        List<Sample.Echo> echoes = run(50, 5_000);
        assertThat(echoes).hasSize(50).allSatisfy(e -> {
            assertThat(e.lost()).isFalse();
            assertThat(e.rttNanos()).isGreaterThanOrEqualTo(hold);
        });
        // and not much more: the hold is what the RTT measures (loose bound for a busy machine)
        long[] rtts = echoes.stream().mapToLong(Sample.Echo::rttNanos).sorted().toArray();
        assertThat(rtts[rtts.length / 2]).isLessThan(hold + Duration.ofMillis(25).toNanos());
    }

    @Test
    void replyLaterThanTheTimeoutIsLostNotCountedTwice() throws Exception {
        start(request -> request.sequence() == 3 ? Duration.ofMillis(300).toNanos() : 0, Duration.ofMillis(100));
        List<Sample.Echo> echoes = run(10, 5_000);
        Thread.sleep(400); // let the late reply arrive
        assertThat(echoes).filteredOn(Sample.Echo::lost).extracting(Sample.Echo::sequence).containsExactly(3L);
        assertThat(samples).hasSize(10);
        assertThat(prober.stats().late()).isEqualTo(1);
    }

    @Test
    void alternateHoldsReorderRepliesAndRaiseJitter() throws Exception {
        start(request -> request.sequence() % 2 == 0 ? Duration.ofMillis(12).toNanos() : 0, Duration.ofSeconds(1));
        run(100, 4_000);
        UdpProbeStats st = prober.stats();
        assertThat(st.reordered()).isGreaterThan(20);
        assertThat(st.jitterNanos()).isGreaterThan(Duration.ofMillis(5).toNanos());
    }

    @Test
    void aLostProbeIsReportedWhenTheNextOneIsAnsweredNotAfterTheTimeout() throws Exception {
        start(request -> request.sequence() == 2 ? ReflectorPolicy.DROP : 0, Duration.ofSeconds(10));
        List<Sample.Echo> echoes = run(5, 50_000);
        // with a 10 s timeout, only the answer to probe 3 can have told the prober that 2 was lost
        assertThat(echoes).hasSize(5).filteredOn(Sample.Echo::lost).extracting(Sample.Echo::sequence).containsExactly(2L);
        assertThat(echoes).extracting(Sample.Echo::sequence).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void theSilenceWaitFollowsTheRoundTripWithinItsBounds() throws Exception {
        start(ReflectorPolicy.ANSWER_ALL, Duration.ofSeconds(1));
        assertThat(prober.silenceNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
        run(20, 10_000);
        assertThat(prober.silenceNanos()).isEqualTo(UdpProber.MIN_SILENCE_NANOS);
    }

    @Test
    void aBurstOfLostProbesShowsInTheNewestOutcomes() throws Exception {
        start(request -> request.sequence() >= 2 && request.sequence() <= 5 ? ReflectorPolicy.DROP : 0, Duration.ofSeconds(10));
        run(8, 50_000);
        // outcomes: ok ok lost lost lost lost ok ok; the newest five hold three losses
        assertThat(prober.lossBurst(3, 5)).isTrue();
        assertThat(prober.lossBurst(4, 5)).isFalse();
        assertThat(prober.repliesInARow()).isEqualTo(2);
        assertThat(prober.silent(System.nanoTime())).isFalse();
    }
}

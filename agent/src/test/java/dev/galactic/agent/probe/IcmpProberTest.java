package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class IcmpProberTest {

    @Test
    void parsesIputilsAndBusyBoxReplyLinesAndNothingElse() {
        assertThat(PingOutput.parseLine("64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=0.045 ms"))
                .contains(new PingOutput.Reply(3, 45_000, false));
        assertThat(PingOutput.parseLine("64 bytes from fd00:a1::2: icmp_seq=12 ttl=64 time=52.4 ms").orElseThrow().index())
                .isEqualTo(11);
        assertThat(PingOutput.parseLine("64 bytes from localhost (::1): icmp_seq=1 ttl=64 time=1034 ms"))
                .contains(new PingOutput.Reply(1, 1_034_000_000, false));
        assertThat(PingOutput.parseLine("64 bytes from 10.0.0.1: seq=0 ttl=64 time=0.066 ms"))
                .contains(new PingOutput.Reply(0, 66_000, true));
        for (String noise : List.of("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.",
                "From 10.0.0.1 icmp_seq=2 Destination Host Unreachable",
                "5 packets transmitted, 4 received, 20% packet loss, time 4005ms",
                "rtt min/avg/max/mdev = 0.031/0.045/0.061/0.010 ms", "")) {
            assertThat(PingOutput.parseLine(noise)).as(noise).isEmpty();
        }
    }

    /** A stand-in ping (a shell script printing iputils output with a gap) checks the round logic. */
    @Test
    void unansweredSequenceNumbersOfARoundAreReportedLost() throws Exception {
        java.nio.file.Path fake = java.nio.file.Files.createTempFile("fake-ping", ".sh");
        try {
            java.nio.file.Files.writeString(fake, """
                    #!/bin/sh
                    echo "PING x (x) 56(84) bytes of data."
                    echo "64 bytes from x: icmp_seq=1 ttl=64 time=1.50 ms"
                    echo "64 bytes from x: icmp_seq=3 ttl=64 time=2.25 ms"
                    echo "5 packets transmitted, 2 received, 60% packet loss, time 4005ms"
                    """);
            fake.toFile().setExecutable(true);
            List<Sample> out = new CopyOnWriteArrayList<>();
            IcmpProber p = new IcmpProber("a", "b", "x", Duration.ofMillis(200), Duration.ofSeconds(1), () -> 1_000_000_000L,
                    fake.toString());
            p.round(5, out::add);
            p.round(5, out::add);
            assertThat(out).hasSize(10).allSatisfy(s -> assertThat(s.type()).isEqualTo(ProbeType.ICMP));
            List<Sample.Echo> echoes = out.stream().map(Sample.Echo.class::cast).toList();
            assertThat(echoes.stream().filter(e -> !e.lost()).map(Sample.Echo::sequence)).containsExactly(0L, 2L, 5L, 7L);
            assertThat(echoes.stream().filter(Sample.Echo::lost).map(Sample.Echo::sequence)).containsExactly(1L, 3L, 4L, 6L, 8L, 9L);
            assertThat(echoes.getFirst().rttNanos()).isEqualTo(1_500_000);
            assertThat(echoes.get(1).timestampNanos()).isEqualTo(1_000_000_000L + 2 * 200_000_000L);
        } finally {
            java.nio.file.Files.deleteIfExists(fake);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"127.0.0.1", "::1"})
    void realPingToLoopback(String address) throws Exception {
        LabTools.require("ping", "iputils-ping", IcmpProber.findPing());
        List<Sample> out = new CopyOnWriteArrayList<>();
        new IcmpProber("a", "b", address, Duration.ofMillis(200), Duration.ofSeconds(1), WallClock.SYSTEM).round(3, out::add);
        assertThat(out).hasSize(3).allSatisfy(s -> {
            Sample.Echo e = (Sample.Echo) s;
            assertThat(e.lost()).isFalse();
            assertThat(e.rttNanos()).isPositive().isLessThan(Duration.ofMillis(100).toNanos());
        });
    }
}

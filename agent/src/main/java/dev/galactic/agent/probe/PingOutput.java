package dev.galactic.agent.probe;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the reply lines of the system {@code ping}: iputils
 * ({@code 64 bytes from 10.0.0.1: icmp_seq=3 ttl=64 time=0.045 ms}) and BusyBox
 * ({@code 64 bytes from 10.0.0.1: seq=2 ttl=64 time=0.066 ms}). Other lines (header, summary,
 * "Destination Host Unreachable") carry no reply and yield nothing.
 */
public final class PingOutput {

    private static final Pattern REPLY = Pattern.compile(
            "^\\d+ bytes from .*?(icmp_seq|seq)=(\\d+)\\b.*?time[=<]([0-9]+(?:\\.[0-9]+)?) ?(ms|us|µs|s)\\b.*$");

    private PingOutput() {
    }

    /**
     * A reply: the ping sequence number and the RTT in nanoseconds.
     *
     * @param zeroBased BusyBox numbers probes from 0, iputils from 1
     */
    public record Reply(long sequence, long rttNanos, boolean zeroBased) {

        /** Position of the probe in its run, from 0. */
        public long index() { return zeroBased ? sequence : sequence - 1; }
    }

    public static java.util.Optional<Reply> parseLine(String line) {
        Matcher m = REPLY.matcher(line.strip());
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        double value = Double.parseDouble(m.group(3));
        double nanos = switch (m.group(4)) {
            case "s" -> value * 1e9;
            case "us", "µs" -> value * 1e3;
            default -> value * 1e6;
        };
        return java.util.Optional.of(new Reply(Long.parseLong(m.group(2)), Math.round(nanos), m.group(1).equals("seq")));
    }
}

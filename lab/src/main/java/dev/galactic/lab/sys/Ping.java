package dev.galactic.lab.sys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iputils ping run inside a namespace, with its summary parsed.
 *
 * @param minMs NaN when nothing came back
 */
public record Ping(int transmitted, int received, double minMs, double avgMs, double maxMs, String output) {

    private static final Pattern COUNTS = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    private static final Pattern RTT = Pattern.compile("= ([\\d.]+)/([\\d.]+)/([\\d.]+)/");

    public double lossFraction() { return transmitted == 0 ? 1.0 : 1.0 - (double) received / transmitted; }

    /**
     * Sends {@code count} echo requests {@code interval} seconds apart (e.g. "0.02"; below 0.2 needs
     * root) from namespace {@code ns}; waits at most 1 s for the last reply.
     */
    public static Ping run(String ns, String target, int count, String interval, String... extra) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns, "ping", "-n", "-q",
                "-c", Integer.toString(count), "-i", interval, "-W", "1"));
        c.addAll(List.of(extra));
        c.add(target);
        Duration bound = Duration.ofMillis((long) (count * Double.parseDouble(interval) * 1000 * 2) + 10_000);
        Cmd.Result r = Cmd.run(c, null, bound);
        String out = r.stdout() + r.stderr();
        Matcher counts = COUNTS.matcher(out);
        if (!counts.find()) throw new Cmd.CmdException(r);
        Matcher rtt = RTT.matcher(out);
        boolean any = rtt.find();
        return new Ping(Integer.parseInt(counts.group(1)), Integer.parseInt(counts.group(2)),
                any ? Double.parseDouble(rtt.group(1)) : Double.NaN,
                any ? Double.parseDouble(rtt.group(2)) : Double.NaN,
                any ? Double.parseDouble(rtt.group(3)) : Double.NaN, out);
    }
}

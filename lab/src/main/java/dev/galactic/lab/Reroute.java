package dev.galactic.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galactic.lab.emu.Impairment;
import dev.galactic.lab.emu.LinkEmulatorMain;
import dev.galactic.lab.emu.LinkStats;
import dev.galactic.lab.emu.UdpStream;
import dev.galactic.lab.sys.Srv6Tap;
import dev.galactic.lab.topology.LabResources;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reroute trials in a running lab, with real packets: a one-way UDP stream between two sites of a
 * tenant, an impairment on one link, and the time until the stream's packets first cross a core
 * that its old path did not (tcpdump in every core, kernel timestamps), counted from the moment
 * the link emulator applied the impairment. What `galactic lab demo`, `galactic bench reroute`
 * and the closed-loop lab test measure.
 */
public final class Reroute implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 200 datagrams a second: a move is timed to 5 ms and a loss counted to the packet. */
    public static final int STREAM_RATE = 200;

    public enum Kind {
        /** 10% loss each way. */
        LOSS,
        /** 30 ms more delay each way. */
        DELAY,
        /** 100% loss: the link is cut. */
        CUT;

        public Impairment on(Impairment base) {
            return switch (this) {
                case LOSS -> new Impairment(base.delayMs(), base.jitterMs(), 10);
                case DELAY -> new Impairment(base.delayMs() + 30, base.jitterMs(), base.lossPercent());
                case CUT -> new Impairment(base.delayMs(), base.jitterMs(), 100);
            };
        }
    }

    /**
     * One trial.
     *
     * @param before the primary path's nodes before the impairment
     * @param after the primary path's nodes once traffic moved (or when the trial gave up)
     * @param seconds from the impairment to the stream's first packet on a core of the new path; null if it never moved
     * @param lost stream packets that never arrived, over the whole trial
     * @param linkNews seconds from the impairment to the controller's first event about the link
     *                 (either direction), from its event log; null if none came
     * @param pathChange seconds from the impairment to the demand's first path.change event; null if none
     *                   (a cut survived on the local backup may need none)
     * @param lossyAtStart links the controller still saw losing when the trial began ("a->b"), after
     *                     waiting for a quiet lab; empty when it was quiet
     */
    public record Trial(Kind kind, String tenant, String link, List<String> before, List<String> after, Double seconds,
                        long sent, long lost, Double linkNews, Double pathChange, List<String> lossyAtStart) {
        public boolean moved() { return seconds != null; }

        /** Where the time went, for people: "controller: link news +180 ms, path.change +230 ms". */
        public String milestones() {
            return "controller: link news " + (linkNews == null ? "none" : "+" + Math.round(linkNews * 1000) + " ms")
                    + ", path.change " + (pathChange == null ? "none" : "+" + Math.round(pathChange * 1000) + " ms")
                    + (lossyAtStart.isEmpty() ? "" : "; began with loss on " + String.join(", ", lossyAtStart));
        }
    }

    private final Path workDir;
    private final LabStatus lab;
    private final ControlPlane.Api api;
    private final Map<String, Srv6Tap> taps = new LinkedHashMap<>();

    private Reroute(Path workDir, LabStatus lab, ControlPlane.Api api) {
        this.workDir = workDir;
        this.lab = lab;
        this.api = api;
    }

    /** Starts watching every core of the lab in {@code workDir}; close to stop. */
    public static Reroute open(Path workDir) throws IOException {
        Reroute r = new Reroute(workDir, Lab.status(workDir), Lab.api(workDir));
        try {
            for (LabStatus.NodeStatus n : r.lab.nodes()) {
                if (n.role().equals("core")) r.taps.put(n.name(), Srv6Tap.start(n.netns()));
            }
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    public ControlPlane.Api api() { return api; }

    /** The nodes of a tenant's primary path from one site to another, as the controller has it. */
    public List<String> primary(String tenant, String fromSite, String toSite) throws IOException {
        JsonNode p = path(tenant, fromSite, toSite);
        List<String> nodes = new ArrayList<>();
        if (p != null) p.path("primary").path("nodes").forEach(n -> nodes.add(n.asText()));
        return nodes;
    }

    /** Whether that path meets its class (status OK: not a fallback, not a violation). */
    public boolean classMet(String tenant, String fromSite, String toSite) throws IOException {
        JsonNode p = path(tenant, fromSite, toSite);
        return p != null && p.path("status").asText().equals("OK");
    }

    private JsonNode path(String tenant, String fromSite, String toSite) throws IOException {
        for (JsonNode p : api.get("/api/v1/tenants/" + tenant + "/vpcs/" + LabResources.VPC + "/paths").path("items")) {
            if (p.path("from").asText().equals(fromSite) && p.path("to").asText().equals(toSite)) return p;
        }
        return null;
    }

    /**
     * Waits until the tenant's primary path satisfies {@code ok} and meets its class (a zero-loss
     * tenant right after `lab up` has no loss-free path until the start-up's lost probes leave the
     * link window); returns whether it did in time.
     */
    public boolean awaitPrimary(String tenant, String fromSite, String toSite, Predicate<List<String>> ok, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ok.test(primary(tenant, fromSite, toSite)) && classMet(tenant, fromSite, toSite)) return true;
            Thread.sleep(100);
        }
        return false;
    }

    /**
     * Seconds from {@code sinceEpochNanos} to the first event of the type prefix that matches,
     * among those after event {@code afterSeq} (the API returns the newest 1,000 of them), or null.
     */
    private Double firstEventAfter(long afterSeq, long sinceEpochNanos, String typePrefix, java.util.function.Predicate<JsonNode> matches)
            throws IOException {
        Long first = null;
        for (JsonNode e : api.get("/api/v1/events?type=" + typePrefix + "&after=" + afterSeq + "&limit=1000").path("items")) {
            Instant at = Instant.parse(e.path("at").asText());
            long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
            if (nanos >= sinceEpochNanos && matches.test(e) && (first == null || nanos < first)) first = nanos;
        }
        return first == null ? null : (first - sinceEpochNanos) / 1e9;
    }

    /** Whether a link event's payload is about the lab link (either direction). */
    private static boolean touches(JsonNode payload, dev.galactic.lab.topology.Topology.UnderlayLink l) {
        String from = payload.path("from").asText(), to = payload.path("to").asText();
        return (from.equals(l.a()) && to.equals(l.b())) || (from.equals(l.b()) && to.equals(l.a()));
    }

    /** How long ago the demand from one site to the other last moved (its last path.change event), empty if never. */
    public java.util.Optional<Duration> sinceLastMove(String tenant, String fromSite, String toSite) throws IOException {
        Instant last = null;
        for (JsonNode e : api.get("/api/v1/events?type=path.change&limit=1000").path("items")) {
            JsonNode p = e.path("payload");
            if (tenant.equals(e.path("tenant").asText()) && p.path("from").asText().equals(fromSite) && p.path("to").asText().equals(toSite)) {
                last = Instant.parse(e.path("at").asText());
            }
        }
        return last == null ? java.util.Optional.empty() : java.util.Optional.of(Duration.between(last, Instant.now()));
    }

    /** Whether a path crosses the link between a and b (either way). */
    public static boolean crosses(List<String> path, String a, String b) {
        for (int i = 0; i + 1 < path.size(); i++) {
            String x = path.get(i), y = path.get(i + 1);
            if ((x.equals(a) && y.equals(b)) || (x.equals(b) && y.equals(a))) return true;
        }
        return false;
    }

    /** The link's impairment as the topology describes it (what {@link #restore} goes back to). */
    public Impairment base(String link) throws IOException {
        return underlay(link).impairment();
    }

    private dev.galactic.lab.topology.Topology.UnderlayLink underlay(String link) throws IOException {
        LabState state = LabState.load(workDir).orElseThrow(() -> new IllegalStateException("no lab in " + workDir));
        return Lab.plan(state).link(link).link();
    }

    /**
     * Runs one trial: streams from {@code fromSite} to {@code toSite}, impairs {@code link} the
     * {@code kind} way, waits (at most {@code timeout}) for the stream to reach a core its old path
     * did not cross, keeps streaming a second more, and leaves the link impaired (see {@link #restore}).
     */
    public Trial trial(Kind kind, String tenant, String fromSite, String toSite, String link, Duration timeout)
            throws IOException, InterruptedException {
        List<String> before = primary(tenant, fromSite, toSite);
        if (before.isEmpty()) throw new IllegalStateException("tenant " + tenant + " has no path from " + fromSite + " to " + toSite);
        LabStatus.SiteStatus from = site(fromSite), to = site(toSite);
        var underlay = underlay(link);
        Impairment base = underlay.impairment();
        List<String> lossyAtStart = awaitQuiet(QUIET_TIMEOUT);
        try (UdpStream stream = UdpStream.start(from.netns(), new InetSocketAddress(InetAddress.getByName(lan(from)), 0),
                to.netns(), new InetSocketAddress(InetAddress.getByName(lan(to)), 0), STREAM_RATE)) {
            settleOn(before);
            long seqBefore = 0;
            for (JsonNode e : api.get("/api/v1/events?limit=1").path("items")) seqBefore = e.path("seq").asLong();
            long asked = epochNanos();
            Lab.impair(workDir, link, kind.on(base));
            long impairedAt = appliedAfter(link, asked);
            Long moved = null;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (moved == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
                for (Map.Entry<String, Srv6Tap> t : taps.entrySet()) {
                    if (before.contains(t.getKey())) continue;
                    Long first = t.getValue().firstAtOrAfter(impairedAt);
                    if (first != null && (moved == null || first < moved)) moved = first;
                }
            }
            Thread.sleep(1_000);
            UdpStream.Report report = stream.stop(300);
            List<String> after = primary(tenant, fromSite, toSite);
            return new Trial(kind, tenant, link, before, after, moved == null ? null : (moved - impairedAt) / 1e9, report.sent(), report.lost(),
                    firstEventAfter(seqBefore, impairedAt, "link.", e -> touches(e.path("payload"), underlay)),
                    firstEventAfter(seqBefore, impairedAt, "path.change", e -> tenant.equals(e.path("tenant").asText())
                            && e.path("payload").path("from").asText().equals(fromSite) && e.path("payload").path("to").asText().equals(toSite)),
                    lossyAtStart);
        }
    }

    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(20);

    /**
     * Waits (at most {@code timeout}, then goes on) until the controller sees no loss on any
     * link: a trial times the loop, not the wait for an earlier loss (a probe lost while the lab
     * started, or in the step before) to leave the link window of the way the tenant moves to.
     * A topology with configured loss never gets quiet, and only waits the timeout.
     *
     * @return the links that still showed loss at the end ("a->b"), empty when quiet
     */
    public List<String> awaitQuiet(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> lossy = new ArrayList<>();
            for (JsonNode s : api.get("/api/v1/linkstates").path("items")) {
                if (s.path("measured").asBoolean() && (s.path("lossPercent").asDouble() > 0 || s.path("status").asText().equals("down"))) {
                    lossy.add(s.path("from").asText() + "->" + s.path("to").asText());
                }
            }
            if (lossy.isEmpty() || System.nanoTime() > deadline) return lossy;
            Thread.sleep(200);
        }
    }

    /**
     * Waits (at most 10 s) until the stream has crossed only cores of {@code path} for 500 ms:
     * the controller may show a path a moment before the ingress edge has installed it, and a
     * trial must start from traffic really on its old path.
     */
    private void settleOn(List<String> path) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        // an edge on its local backups forwards elsewhere than the controller's paths say
        while (!failedOver().isEmpty() && System.nanoTime() < deadline) Thread.sleep(200);
        Thread.sleep(500);
        while (System.nanoTime() < deadline) {
            long since = epochNanos() - 500_000_000L;
            boolean elsewhere = taps.entrySet().stream().anyMatch(t -> !path.contains(t.getKey()) && t.getValue().firstAtOrAfter(since) != null);
            if (!elsewhere) return;
            Thread.sleep(100);
        }
        long since = epochNanos() - 500_000_000L;
        List<String> elsewhere = taps.entrySet().stream().filter(t -> !path.contains(t.getKey()) && t.getValue().firstAtOrAfter(since) != null)
                .map(Map.Entry::getKey).toList();
        throw new IllegalStateException("the stream did not settle on " + path + " within 10 s: its packets still cross " + elsewhere
                + (failedOver().isEmpty() ? "" : "; edges on local backups: " + failedOver()));
    }

    /** Edges whose agent last reported dead uplinks (node.failover events), with those uplinks. */
    public Map<String, String> failedOver() throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        for (JsonNode e : api.get("/api/v1/events?type=node.failover&limit=1000").path("items")) {
            JsonNode p = e.path("payload");
            if (p.path("deadUplinks").isEmpty()) out.remove(p.path("node").asText());
            else out.put(p.path("node").asText(), p.path("deadUplinks").toString());
        }
        return out;
    }

    /** Puts the link back as the topology describes it. */
    public void restore(String link) throws IOException {
        Lab.impair(workDir, link, base(link));
    }

    /** When the emulator applied the impairment written at {@code asked} (falls back to {@code asked} after 3 s). */
    private long appliedAfter(String link, long asked) throws IOException, InterruptedException {
        Path stats = LinkEmulatorMain.statsFile(Lab.controlFile(workDir, link));
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(stats)) {
                try {
                    long at = JSON.readValue(stats.toFile(), LinkStats.class).impairedAtEpochNanos();
                    if (at >= asked) return at;
                } catch (IOException e) {
                    // being replaced: read again
                }
            }
            Thread.sleep(50);
        }
        return asked;
    }

    private LabStatus.SiteStatus site(String name) {
        return lab.sites().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no site " + name + " in the lab"));
    }

    private static String lan(LabStatus.SiteStatus s) {
        return s.lanAddresses().stream().filter(a -> !a.contains(":")).findFirst().orElseThrow().replaceAll("/.*", "");
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Median and 95th percentile (nearest rank) of some figures; NaN for none. */
    public static double[] medianAndP95(List<Double> xs) {
        if (xs.isEmpty()) return new double[]{Double.NaN, Double.NaN};
        List<Double> s = xs.stream().sorted().toList();
        return new double[]{s.get((s.size() - 1) / 2), s.get((int) Math.ceil(0.95 * s.size()) - 1)};
    }

    @Override
    public void close() {
        taps.values().forEach(Srv6Tap::close);
        taps.clear();
    }
}

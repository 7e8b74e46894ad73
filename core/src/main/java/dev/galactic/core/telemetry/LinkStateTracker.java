package dev.galactic.core.telemetry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-link windows, baselines and the last reported state; turns samples into
 * {@link LinkEvent}s. Deterministic and single-threaded: the caller feeds validated samples with
 * {@link #record} and asks for events with {@link #evaluate(long)} on its own cadence (every
 * second, say). Recording is O(1) and allocation-free once a link's windows exist.
 */
public final class LinkStateTracker {

    private final TrackerConfig config;
    private final Map<LinkId, Series> links = new HashMap<>();
    /** Nodes whose agent is away or just back: their links keep the state last reported. */
    private final Map<String, Hold> holds = new HashMap<>();
    private long samplesWhileAway;

    /**
     * @param until when the hold ends by itself (nanos)
     * @param phase where the node's agent is in going away and coming back
     * @param settleNanos how long the links stay held once the returned agent's own samples flow
     */
    private record Hold(long until, Phase phase, long settleNanos) {
        boolean away() { return phase == Phase.AWAY; }
    }

    private enum Phase {
        /** Disconnected: samples about its links are not evidence. */
        AWAY,
        /** Connected again, but none of its own probes reported yet (a starting agent may take seconds to probe). */
        BACK,
        /** Its first own sample arrived: the settle time starts at the next evaluation. */
        HEARD,
        /** Its probes fill the windows; the hold ends at {@code until}. */
        SETTLING
    }

    public LinkStateTracker(TrackerConfig config) {
        this.config = config;
    }

    public TrackerConfig config() { return config; }

    /** Declares a link that should be measured (from the probe plan): it is DOWN until it answers. */
    public void expect(LinkId link) {
        links.computeIfAbsent(link, Series::new);
    }

    /** Forgets a link no longer in the plan. */
    public void forget(LinkId link) {
        links.remove(link);
    }

    /**
     * The agent of {@code node} went away (disconnected). Most probes are answered by agents (the
     * UDP reflector, the HTTP/TCP responder, iperf3), so while one is away their silence or loss
     * towards its node says nothing about the data plane, which keeps forwarding on its last
     * config: for up to {@code graceNanos} those samples are dropped (counted), and a link of the
     * node that would go DOWN for want of samples keeps the state last reported instead, without
     * events. ICMP, which the node's kernel answers, still counts: a link it shows up is judged
     * by it. After the grace the links are judged by their samples again.
     */
    public void agentAway(String node, long nowNanos, long graceNanos) {
        holds.put(node, new Hold(nowNanos + graceNanos, Phase.AWAY, 0));
    }

    /**
     * The agent of {@code node} is back: samples count again, and its links keep their reported
     * state until its own probes have reported for {@code settleNanos}, time for fresh samples to
     * fill the windows. A connection is not yet probing (a starting agent under load can take
     * seconds between the two), so the settle time starts with its first sample; an agent that
     * sends none is judged by the missing samples after {@code maxWaitNanos}.
     */
    public void agentBack(String node, long nowNanos, long settleNanos, long maxWaitNanos) {
        if (holds.containsKey(node)) holds.put(node, new Hold(nowNanos + maxWaitNanos, Phase.BACK, settleNanos));
    }

    /** Samples dropped because they were about a link of a node whose agent was away. */
    public long samplesWhileAway() { return samplesWhileAway; }

    /** A sample the away agent itself would have had to answer (or send). */
    private boolean answeredByAwayAgent(Sample s) {
        if (s.type() == ProbeType.ICMP) return false;
        Hold from = holds.get(s.link().from()), to = holds.get(s.link().to());
        return (from != null && from.away()) || (to != null && to.away());
    }

    private boolean held(LinkId l, long now) {
        Hold a = holds.get(l.from()), b = holds.get(l.to());
        return (a != null && now < a.until()) || (b != null && now < b.until());
    }

    public void record(Sample sample) {
        if (!holds.isEmpty()) {
            if (answeredByAwayAgent(sample)) {
                samplesWhileAway++;
                return;
            }
            Hold prober = holds.get(sample.link().from());
            if (prober != null && prober.phase() == Phase.BACK) holds.put(sample.link().from(), new Hold(prober.until(), Phase.HEARD, prober.settleNanos()));
        }
        Series s = links.get(sample.link());
        if (s == null) {
            s = new Series(sample.link());
            links.put(sample.link(), s);
        }
        s.record(sample);
    }

    /** Records the samples, then evaluates: the whole pure step "samples + now -> events". */
    public List<LinkEvent> observe(Collection<? extends Sample> samples, long nowNanos) {
        for (Sample s : samples) {
            record(s);
        }
        return evaluate(nowNanos);
    }

    /**
     * Computes every link's state at {@code nowNanos}, feeds the baselines and returns the
     * changes worth reporting, ordered by link.
     */
    public List<LinkEvent> evaluate(long nowNanos) {
        holds.replaceAll((node, h) -> h.phase() == Phase.HEARD
                ? new Hold(Math.min(h.until(), nowNanos + h.settleNanos()), Phase.SETTLING, h.settleNanos()) : h);
        holds.values().removeIf(h -> nowNanos >= h.until());
        List<LinkEvent> events = new ArrayList<>();
        for (Map.Entry<LinkId, Series> e : new TreeMap<>(links).entrySet()) {
            if (keepsReported(e.getKey(), e.getValue(), nowNanos)) continue;
            e.getValue().evaluate(e.getKey(), nowNanos, events);
        }
        return events;
    }

    /** The current figures for a link (not the last reported ones), or a DOWN state if unknown. */
    public LinkState state(LinkId link, long nowNanos) {
        Series s = links.get(link);
        return s == null ? LinkState.neverMeasured(link) : current(link, s, nowNanos);
    }

    private LinkState current(LinkId link, Series s, long nowNanos) {
        if (keepsReported(link, s, nowNanos)) return s.reported;
        return s.held(s.measure(link, nowNanos));
    }

    /** A held link whose samples alone would now call it DOWN keeps what was last reported. */
    private boolean keepsReported(LinkId link, Series s, long nowNanos) {
        return !holds.isEmpty() && s.reported != null && held(link, nowNanos) && s.measure(link, nowNanos).status() == LinkStatus.DOWN;
    }

    /** The current figures of every known link, for the PCE and the SLA evaluator. */
    public Map<LinkId, LinkState> states(long nowNanos) {
        Map<LinkId, LinkState> out = new TreeMap<>();
        links.forEach((id, s) -> out.put(id, current(id, s, nowNanos)));
        return out;
    }

    /** The states last reported through events: what consumers of the events believe. */
    public Map<LinkId, LinkState> reported() {
        Map<LinkId, LinkState> out = new TreeMap<>();
        links.forEach((id, s) -> { if (s.reported != null) out.put(id, s.reported); });
        return out;
    }

    /** Window statistics of one probe type on one link, for metrics and the API. */
    public EchoStats stats(LinkId link, ProbeType type, long nowNanos) {
        Series s = links.get(link);
        EchoWindow w = s == null ? null : s.echo[type.ordinal()];
        return w == null ? null : w.stats(nowNanos);
    }

    public int linkCount() { return links.size(); }

    private final class Series {
        /** The same pair probed from the other end (looked up on each use: either may be forgotten). */
        final LinkId far;
        final EchoWindow[] echo = new EchoWindow[ProbeType.count()];
        Sample.Bandwidth bandwidth;
        Ewma latencyBaseline = Ewma.EMPTY;
        Ewma lossBaseline = Ewma.EMPTY;
        Ewma jitterBaseline = Ewma.EMPTY;
        LinkState reported;
        int calmEvaluations;

        Series(LinkId link) { far = link.reversed(); }

        void record(Sample sample) {
            switch (sample) {
                case Sample.Echo e -> {
                    EchoWindow w = echo[e.type().ordinal()];
                    if (w == null) {
                        w = new EchoWindow(config.window());
                        echo[e.type().ordinal()] = w;
                    }
                    w.record(e);
                }
                case Sample.Bandwidth b -> {
                    if (bandwidth == null || b.timestampNanos() >= bandwidth.timestampNanos()) {
                        bandwidth = b;
                    }
                }
            }
        }

        LinkState measure(LinkId link, long now) {
            Double mbps = bandwidth != null && now - bandwidth.timestampNanos() <= config.bandwidthStalenessNanos()
                    ? bandwidth.mbps() : null;
            long staleness = config.window().stalenessNanos();
            EchoStats chosen = null;
            ProbeType source = null;
            for (ProbeType t : config.latencySources()) {
                EchoWindow w = echo[t.ordinal()];
                if (w == null) {
                    continue;
                }
                EchoStats st = w.stats(now);
                // a reply newer than the staleness limit but outside the window (a staleness set
                // longer than the window) has no figures to offer, so it cannot speak for the link
                if (st.freshAt(now, staleness) && st.rtt() != null) {
                    chosen = st;
                    source = t;
                    break;
                }
            }
            if (chosen == null || chosen.lostInARow() >= config.downAfterLost()) {
                LinkState last = reported != null ? reported : LinkState.neverMeasured(link);
                return new LinkState(link, LinkStatus.DOWN, last.latencyMs(), last.jitterMs(), 100, mbps, last.rtt(),
                        0, last.measuredAtNanos(), last.source());
            }
            RttSummary rtt = chosen.rtt();
            // the newest replies, not the window's median: a link that got 30 ms slower must say so
            // within a second, not after half a minute; their low quarter, so noise does not move paths
            double latencyMs = chosen.recentRttNanos() / 2e6;
            double jitterMs = chosen.jitterNanos() / 1e6;
            double loss = roundTripLoss(source, chosen, now, staleness);
            boolean degraded = config.baseline().worse(latencyBaseline, latencyMs, config.baseline().latencyMs())
                    || config.baseline().worse(lossBaseline, loss, config.baseline().lossPercent())
                    || config.baseline().worse(jitterBaseline, jitterMs, config.baseline().jitterMs());
            return new LinkState(link, degraded ? LinkStatus.DEGRADED : LinkStatus.UP, latencyMs, jitterMs, loss, mbps,
                    rtt, chosen.samples(), chosen.lastSampleAt(), source);
        }

        /**
         * The loss of the link's round trips as both ends measure them. A probe's round trip
         * crosses the link both ways, so the far end's probes of this node are as much evidence
         * about this direction as this node's own, and pooling them doubles the probes a loss
         * can show in: at 10% loss each way a zero-loss tenant saw its first lost probe after
         * 1.4 s in one trial of twenty with one end's probes alone, and after 0.7 s with both.
         * The far end counts only while its replies are fresh (an agent away or a dead prober
         * says nothing).
         */
        private double roundTripLoss(ProbeType type, EchoStats own, long now, long staleness) {
            Series other = links.get(far);
            EchoWindow w = other == null ? null : other.echo[type.ordinal()];
            // only the far end's counts: its RTT histograms are not needed here
            if (w == null || !w.freshAt(now, staleness)) return own.lossPercent();
            EchoWindow.Tally t = w.tally(now);
            long n = own.samples() + t.replies() + t.lost();
            return n == 0 ? 0 : 100.0 * (own.lost() + t.lost()) / n;
        }

        /** A DEGRADED link stays so until it has looked usual for {@code recoverAfter} evaluations. */
        LinkState held(LinkState raw) {
            boolean hold = raw.status() == LinkStatus.UP && reported != null && reported.status() == LinkStatus.DEGRADED
                    && calmEvaluations < config.baseline().recoverAfter();
            return hold ? new LinkState(raw.link(), LinkStatus.DEGRADED, raw.latencyMs(), raw.jitterMs(), raw.lossPercent(),
                    raw.availableBandwidthMbps(), raw.rtt(), raw.sampleCount(), raw.measuredAtNanos(), raw.source()) : raw;
        }

        void evaluate(LinkId link, long now, List<LinkEvent> events) {
            LinkState raw = measure(link, now);
            calmEvaluations = raw.status() == LinkStatus.UP ? calmEvaluations + 1 : 0;
            LinkState current = held(raw);
            if (current.up()) {
                long tau = config.baseline().tauNanos();
                latencyBaseline = latencyBaseline.update(current.latencyMs(), now, tau);
                lossBaseline = lossBaseline.update(current.lossPercent(), now, tau);
                jitterBaseline = jitterBaseline.update(current.jitterMs(), now, tau);
            }
            LinkStatus before = reported == null ? LinkStatus.DOWN : reported.status();
            if (before != current.status()) {
                events.add(new LinkEvent.StatusChanged(link, before, current.status(), current, now));
                reported = current;
                return;
            }
            if (reported == null || !current.up()) {
                return;
            }
            EnumSet<LinkMetric> changed = EnumSet.noneOf(LinkMetric.class);
            if (config.latency().exceeded(reported.latencyMs(), current.latencyMs())) changed.add(LinkMetric.LATENCY);
            if (config.jitter().exceeded(reported.jitterMs(), current.jitterMs())) changed.add(LinkMetric.JITTER);
            // loss appearing on a clean link (or gone from a lossy one) is news however small:
            // a zero-loss class must leave at the first lost probe
            if (config.loss().exceeded(reported.lossPercent(), current.lossPercent())
                    || (reported.lossPercent() == 0) != (current.lossPercent() == 0)) changed.add(LinkMetric.LOSS);
            if (bandwidthChanged(reported.availableBandwidthMbps(), current.availableBandwidthMbps())) {
                changed.add(LinkMetric.BANDWIDTH);
            }
            if (!changed.isEmpty()) {
                events.add(new LinkEvent.MetricsChanged(link, changed, reported, current, now));
                reported = current;
            }
        }

        private boolean bandwidthChanged(Double before, Double now) {
            if (before == null || now == null) {
                return before != now;
            }
            return config.bandwidth().exceeded(before, now);
        }
    }
}

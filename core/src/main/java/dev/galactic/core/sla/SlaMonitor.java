package dev.galactic.core.sla;

import dev.galactic.core.pce.Breach;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a stream of evaluations into violation events and compliance history. A state machine
 * per subject: COMPLIANT -> (non-compliant for openAfter) -> OPEN -> (compliant for clearAfter)
 * -> COMPLIANT. Deterministic: the caller passes the time of each evaluation, in order.
 */
public final class SlaMonitor {

    private final SlaMonitorConfig config;
    private final Map<SlaSubject, Track> tracks = new HashMap<>();
    private final Map<ClassKey, History> history = new HashMap<>();
    private long nextViolationId;

    public SlaMonitor(SlaMonitorConfig config) {
        this(config, 1);
    }

    /**
     * @param firstViolationId the id the next violation gets: a controller that keeps its events
     *                         across restarts starts above the ids it gave before
     */
    public SlaMonitor(SlaMonitorConfig config, long firstViolationId) {
        this.config = config;
        this.nextViolationId = Math.max(1, firstViolationId);
    }

    /**
     * One hour (one bucket) of a tenant's class's compliance history, as it is kept across restarts.
     *
     * @param epoch the bucket's number: its start is {@code epoch * bucketNanos}
     */
    public record Bucket(String tenant, String trafficClass, long epoch, long observedNanos, long compliantNanos, long coveredNanos) {
    }

    /** Every bucket of history that holds something, by tenant, class and time. */
    public List<Bucket> buckets() {
        List<Bucket> out = new ArrayList<>();
        history.forEach((k, h) -> {
            for (int i = 0; i < h.epoch.length; i++) {
                if (h.epoch[i] != Long.MIN_VALUE) out.add(new Bucket(k.tenant(), k.trafficClass(), h.epoch[i], h.observed[i], h.compliant[i], h.covered[i]));
            }
        });
        out.sort(java.util.Comparator.comparing(Bucket::tenant).thenComparing(Bucket::trafficClass).thenComparingLong(Bucket::epoch));
        return out;
    }

    /**
     * Puts back history a previous run kept (before any observation). Time credited after this
     * adds to the buckets; the evaluations of the paths start afresh, so the gap while the
     * controller was away counts as unobserved.
     */
    public void restore(java.util.Collection<Bucket> buckets) {
        for (Bucket b : buckets) {
            History h = history.computeIfAbsent(new ClassKey(b.tenant(), b.trafficClass()), k -> new History());
            int i = (int) Math.floorMod(b.epoch(), (long) h.epoch.length);
            if (h.epoch[i] != Long.MIN_VALUE && h.epoch[i] > b.epoch()) continue; // a newer bucket holds the slot
            h.epoch[i] = b.epoch();
            h.observed[i] = b.observedNanos();
            h.compliant[i] = b.compliantNanos();
            h.covered[i] = b.coveredNanos();
        }
    }

    /** Records one evaluation of {@code subject} at {@code nowNanos}; returns what changed. */
    public List<SlaEvent> observe(SlaSubject subject, SlaResult result, long nowNanos) {
        Track t = tracks.computeIfAbsent(subject, s -> new Track());
        credit(subject, t, nowNanos);
        t.lastAt = nowNanos;
        t.lastCompliant = result.compliant();
        List<SlaEvent> events = new ArrayList<>(1);
        if (result instanceof SlaResult.SlaViolation v) {
            t.compliantSince = Long.MIN_VALUE;
            if (t.badSince == Long.MIN_VALUE) {
                t.badSince = nowNanos;
            }
            if (t.openId == 0 && nowNanos - t.badSince >= config.openAfterNanos()) {
                t.openId = nextViolationId++;
                t.openedAt = nowNanos;
                t.violation = v;
                events.add(new SlaEvent.ViolationOpened(t.openId, subject, v, nowNanos));
            } else if (t.openId != 0 && !sameCause(t.violation, v)) {
                t.violation = v;
                events.add(new SlaEvent.ViolationChanged(t.openId, subject, v, nowNanos));
            }
        } else {
            t.badSince = Long.MIN_VALUE;
            if (t.compliantSince == Long.MIN_VALUE) {
                t.compliantSince = nowNanos;
            }
            if (t.openId != 0 && nowNanos - t.compliantSince >= config.clearAfterNanos()) {
                events.add(close(subject, t, nowNanos));
            }
        }
        return events;
    }

    /** The subject is gone (path removed, tenant deleted): closes its open violation, if any. */
    public List<SlaEvent> forget(SlaSubject subject, long nowNanos) {
        Track t = tracks.remove(subject);
        if (t == null) {
            return List.of();
        }
        credit(subject, t, nowNanos);
        return t.openId == 0 ? List.of() : List.of(close(subject, t, nowNanos));
    }

    /** The open violation of a subject, or null. */
    public SlaResult.SlaViolation openViolation(SlaSubject subject) {
        Track t = tracks.get(subject);
        return t == null || t.openId == 0 ? null : t.violation;
    }

    /**
     * How much of [fromNanos, toNanos) met the SLA for a tenant's class, at bucket granularity:
     * every bucket that overlaps the span counts whole. Spans older than the history are empty.
     */
    public Compliance compliance(String tenant, String trafficClass, long fromNanos, long toNanos) {
        History h = history.get(new ClassKey(tenant, trafficClass));
        return h == null ? new Compliance(0, 0, 0) : h.sum(fromNanos, toNanos);
    }

    private SlaEvent close(SlaSubject subject, Track t, long now) {
        SlaEvent e = new SlaEvent.ViolationClosed(t.openId, subject, t.openedAt, now);
        t.openId = 0;
        t.violation = null;
        return e;
    }

    /** The time since the previous evaluation is credited with that evaluation's result. */
    private void credit(SlaSubject subject, Track t, long now) {
        if (t.lastAt == Long.MIN_VALUE || now <= t.lastAt || now - t.lastAt > config.maxGapNanos()) {
            return;
        }
        history.computeIfAbsent(new ClassKey(subject.tenant(), subject.trafficClass()), k -> new History())
                .add(t.lastAt, now, t.lastCompliant);
    }

    private static boolean sameCause(SlaResult.SlaViolation a, SlaResult.SlaViolation b) {
        if (a.breaches().size() != b.breaches().size()) {
            return false;
        }
        for (int i = 0; i < a.breaches().size(); i++) {
            Breach x = a.breaches().get(i), y = b.breaches().get(i);
            if (SlaMetric.of(x.reason()) != SlaMetric.of(y.reason()) || !Objects.equals(x.link(), y.link())) {
                return false;
            }
        }
        return true;
    }

    private record ClassKey(String tenant, String trafficClass) {
    }

    private static final class Track {
        long lastAt = Long.MIN_VALUE;
        boolean lastCompliant;
        long badSince = Long.MIN_VALUE;
        long compliantSince = Long.MIN_VALUE;
        long openId;
        long openedAt;
        SlaResult.SlaViolation violation;
    }

    /** A ring of time buckets with observed and compliant nanoseconds. */
    private final class History {
        final long[] epoch = new long[config.buckets()];
        final long[] observed = new long[config.buckets()];
        final long[] compliant = new long[config.buckets()];
        /** Wall-clock time with at least one path observed: each path credits the same span, which counts once. */
        final long[] covered = new long[config.buckets()];
        long coveredUntil = Long.MIN_VALUE;

        History() {
            java.util.Arrays.fill(epoch, Long.MIN_VALUE);
        }

        void add(long from, long to, boolean ok) {
            long fresh = Math.max(from, coveredUntil);
            add(from, to, ok, fresh);
            coveredUntil = Math.max(coveredUntil, to);
        }

        /** Path-time [from, to), of which [fresh, to) is wall-clock time no other path covered yet. */
        private void add(long from, long to, boolean ok, long fresh) {
            long b = config.bucketNanos();
            while (from < to) {
                long e = Math.floorDiv(from, b);
                long end = Math.min(to, (e + 1) * b);
                int i = (int) Math.floorMod(e, (long) epoch.length);
                if (epoch[i] != e) {
                    if (epoch[i] > e) {
                        from = end;
                        continue;
                    }
                    epoch[i] = e;
                    observed[i] = 0;
                    compliant[i] = 0;
                    covered[i] = 0;
                }
                observed[i] += end - from;
                if (end > fresh) covered[i] += end - Math.max(from, fresh);
                if (ok) {
                    compliant[i] += end - from;
                }
                from = end;
            }
        }

        Compliance sum(long from, long to) {
            long b = config.bucketNanos();
            long first = Math.floorDiv(from, b), last = Math.floorDiv(to - 1, b);
            long obs = 0, ok = 0, wall = 0;
            for (int i = 0; i < epoch.length; i++) {
                if (epoch[i] >= first && epoch[i] <= last) {
                    obs += observed[i];
                    ok += compliant[i];
                    wall += covered[i];
                }
            }
            return new Compliance(ok, obs, wall);
        }
    }
}

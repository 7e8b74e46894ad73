package dev.galactic.core.pce;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Decides which of the PCE's paths are programmed, so that traffic does not flap: a path that
 * breaks its class (or is gone) is left at once; a merely better candidate must beat the
 * programmed path by the hysteresis margin ({@link Stability}), and must wait until the demand's
 * last move is {@code holdDown} old. A link that degrades and recovers therefore moves traffic
 * away at once and back only after the hold-down, once. Deterministic: the caller passes the time.
 *
 * <p>Keeps, per demand, the result programmed and when its path last moved.
 */
public final class PathGovernor {

    /**
     * @param holdDownNanos how long after a demand's path moved a merely better path must wait
     */
    public record Config(dev.galactic.core.metric.Hysteresis hysteresis, long holdDownNanos) {
        public static final Config DEFAULTS = new Config(dev.galactic.core.metric.Hysteresis.ROUTING, java.time.Duration.ofSeconds(30).toNanos());

        public Config {
            Objects.requireNonNull(hysteresis, "hysteresis");
            if (holdDownNanos < 0) throw new IllegalArgumentException("holdDown must be >= 0");
        }
    }

    public enum Action {
        /** The demand is new, or the computed path is the programmed one (metrics may be fresh). */
        TAKEN,
        /** The programmed path broke its class or is gone: moved at once. */
        LEFT_BROKEN,
        /** A better path beat the margin after the hold-down: moved. */
        IMPROVED,
        /** A better path beat the margin within the hold-down: not moved yet. */
        SUPPRESSED,
        /** A different path, but not better by the margin: not moved. */
        KEPT
    }

    /**
     * @param programmed what to program for the demand
     * @param candidate the PCE's result, when it differs from what is programmed
     * @param holdUntilNanos for SUPPRESSED: when the candidate may be taken
     */
    public record Decision(DemandKey key, Action action, PathResult programmed, PathResult candidate, String reason, long holdUntilNanos) {
        public boolean moved() { return action == Action.LEFT_BROKEN || action == Action.IMPROVED; }
    }

    /** What a demand's class is, for re-checking the programmed path; null when unknown. */
    public record ClassOf(TrafficClass trafficClass, int maxHops) {
    }

    private record Held(PathResult result, long movedAtNanos) {
    }

    /** A demand that never moved: no hold-down applies to its first move. */
    private static final long NEVER = Long.MIN_VALUE / 4;

    private final Config config;
    private final Map<DemandKey, Held> held = new HashMap<>();

    public PathGovernor(Config config) {
        this.config = config;
    }

    public Config config() { return config; }

    /**
     * Decides for every computed result (in order) and forgets demands that are gone.
     *
     * @param classOf the class to hold a programmed path to; a null answer takes the PCE's result as it is
     */
    public List<Decision> govern(Network g, List<PathResult> computed, Function<PathResult, ClassOf> classOf, long nowNanos) {
        List<Decision> out = new ArrayList<>(computed.size());
        Map<DemandKey, Held> next = new HashMap<>();
        for (PathResult r : computed) {
            DemandKey key = DemandKey.of(r);
            Held before = held.get(key);
            Decision d = decide(g, key, before, r, classOf, nowNanos);
            long movedAt = d.moved() ? nowNanos : before == null ? NEVER : before.movedAtNanos();
            next.put(key, new Held(d.programmed(), movedAt));
            out.add(d);
        }
        held.clear();
        held.putAll(next);
        return out;
    }

    /**
     * Forgets what is programmed for the demands {@code which} selects: their next result is
     * taken as computed. For intent changes, which the programmed paths may no longer honour (a
     * new waypoint, an avoided node): hysteresis is about measurements, not about what the
     * tenant asked for.
     */
    public void forget(java.util.function.Predicate<DemandKey> which) {
        held.keySet().removeIf(which);
    }

    /** The earliest time a suppressed candidate may be taken, for the caller to look again then. */
    public static OptionalLong nextWake(List<Decision> decisions) {
        return decisions.stream().filter(d -> d.action() == Action.SUPPRESSED).mapToLong(Decision::holdUntilNanos).min();
    }

    private Decision decide(Network g, DemandKey key, Held held, PathResult r, Function<PathResult, ClassOf> classOf, long now) {
        PathResult prev = held == null ? null : held.result();
        if (prev == null || prev.primary() == null || r.primary() == null || samePath(prev, r)) {
            return new Decision(key, Action.TAKEN, r, null, prev == null ? "new demand" : "computed path", 0);
        }
        ClassOf cls = r.status() == PathResult.Status.OK && prev.status() == PathResult.Status.OK && r.servedBy().equals(r.trafficClass())
                ? classOf.apply(r) : null;
        if (cls == null) {
            // fallbacks and violations follow the PCE: there is no class-abiding path to hold on to
            return new Decision(key, Action.LEFT_BROKEN, r, null, "the class is not met either way", 0);
        }
        Stability.Decision s = Stability.choose(g, cls.trafficClass(), cls.maxHops(), prev.primary(), r.primary(), config.hysteresis());
        return switch (s.cause()) {
            case PREVIOUS_GONE, PREVIOUS_BROKEN, NO_PREVIOUS -> new Decision(key, Action.LEFT_BROKEN, r, null, s.reason(), 0);
            case NO_CANDIDATE, WITHIN_MARGIN -> new Decision(key, Action.KEPT, withPrimary(prev, s.path()), r, s.reason(), 0);
            case CANDIDATE_BETTER -> {
                long until = held.movedAtNanos() + config.holdDownNanos();
                yield now >= until
                        ? new Decision(key, Action.IMPROVED, r, null, s.reason(), 0)
                        : new Decision(key, Action.SUPPRESSED, withPrimary(prev, Stability.reevaluated(g, cls.trafficClass(), prev.primary())), r,
                        s.reason() + String.format(java.util.Locale.ROOT,
                        "; held down %.1f s more (the path moved %.1f s ago)", (until - now) / 1e9, (now - held.movedAtNanos()) / 1e9), until);
            }
        };
    }

    private static boolean samePath(PathResult a, PathResult b) {
        return a.primary().nodes().equals(b.primary().nodes()) && a.primary().links().equals(b.primary().links());
    }

    private static PathResult withPrimary(PathResult r, Path primary) {
        return new PathResult(r.tenant(), r.vpc(), r.trafficClass(), r.from(), r.to(), r.status(), r.servedBy(), primary, r.backup(), r.violation());
    }
}

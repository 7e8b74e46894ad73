package dev.galactic.core.sla;

import dev.galactic.core.pce.Breach;
import dev.galactic.core.pce.PathMetrics;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of evaluating one path against one class. */
public sealed interface SlaResult {

    PathRef path();

    PathMetrics metrics();

    default boolean compliant() { return this instanceof Compliant; }

    record Compliant(PathRef path, PathMetrics metrics) implements SlaResult {
    }

    /**
     * The class is not met: the PCE found no path that meets it, or the path's figures break it
     * (each threshold once, in metric order), or segments are down or unmeasured (each of them,
     * and the metrics {@link PathMetrics#UNREACHABLE}).
     */
    record SlaViolation(PathRef path, PathMetrics metrics, List<Breach> breaches) implements SlaResult {

        public SlaViolation {
            breaches = List.copyOf(breaches);
            if (breaches.isEmpty()) {
                throw new IllegalArgumentException("a violation needs a breach");
            }
        }

        public String summary() {
            return breaches.stream().map(Breach::detail).collect(Collectors.joining("; "));
        }
    }
}

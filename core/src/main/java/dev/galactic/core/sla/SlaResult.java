package dev.galactic.core.sla;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of evaluating one path against one class. */
public sealed interface SlaResult {

    PathRef path();

    PathMetrics metrics();

    default boolean compliant() { return this instanceof Compliant; }

    record Compliant(PathRef path, PathMetrics metrics) implements SlaResult {
    }

    /** At least one threshold is broken; breaches are in metric order. */
    record SlaViolation(PathRef path, PathMetrics metrics, List<Breach> breaches) implements SlaResult {

        public SlaViolation {
            breaches = List.copyOf(breaches);
            if (breaches.isEmpty()) {
                throw new IllegalArgumentException("a violation needs a breach");
            }
        }

        public String summary() {
            return breaches.stream().map(Breach::hint).collect(Collectors.joining("; "));
        }
    }
}

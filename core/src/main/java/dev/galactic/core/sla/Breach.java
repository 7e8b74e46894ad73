package dev.galactic.core.sla;

import dev.galactic.core.telemetry.LinkId;

/**
 * One broken threshold with the segment that contributes most to it.
 *
 * @param actual the path's value; null when unknown (bandwidth never measured, segment down)
 * @param limit the class's threshold; null for reachability
 * @param segment the worst contributing link
 * @param segmentValue that link's own value, null when unknown
 * @param hint for people, in the spec's style: {@code loss 4.8% > 1% on segment core3 -> core7}
 */
public record Breach(SlaMetric metric, Double actual, Double limit, LinkId segment, Double segmentValue, String hint) {
}

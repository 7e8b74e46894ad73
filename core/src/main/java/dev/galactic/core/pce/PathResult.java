package dev.galactic.core.pce;

/**
 * The PCE's answer for one demand: one traffic class from one site to another.
 *
 * @param status OK: the class is met; FALLBACK: the fallback class (or best effort) carries the
 *               traffic and the violation says what was missed; VIOLATION: the class is not met
 *               and the class's best path that is up, its limits relaxed, carries the traffic
 *               (primary), or nothing does (no path is up, or the tenant's fallback is drop)
 * @param servedBy the class whose rules chose the path: "best-effort" for that fallback, the
 *                 class's name with "~relaxed" for its relaxed best path, null when nothing
 *                 carries it
 * @param primary the path to program; null when nothing carries the traffic
 * @param backup the disjoint alternative; null when none exists
 * @param violation why the requested class is not met; null when OK
 */
public record PathResult(String tenant, String vpc, String trafficClass, String from, String to, Status status,
                         String servedBy, Path primary, BackupPath backup, Breach violation) {

    public enum Status { OK, FALLBACK, VIOLATION }
}

package dev.galactic.core.pce;

/**
 * The PCE's answer for one demand: one traffic class from one site to another.
 *
 * @param status OK: the class is met; FALLBACK: a fallback carries the traffic and the
 *               violation says what was missed; VIOLATION: nothing carries it
 * @param servedBy the class whose rules chose the path ("best-effort" for that fallback)
 * @param primary the path to program; null on VIOLATION
 * @param backup the disjoint alternative; null when none exists
 * @param violation why the requested class is not met; null when OK
 */
public record PathResult(String tenant, String vpc, String trafficClass, String from, String to, Status status,
                         String servedBy, Path primary, BackupPath backup, SlaViolation violation) {

    public enum Status { OK, FALLBACK, VIOLATION }
}

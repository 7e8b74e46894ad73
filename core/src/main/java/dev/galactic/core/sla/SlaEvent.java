package dev.galactic.core.sla;

/** What the SLA monitor reports: violations opening, changing and closing. */
public sealed interface SlaEvent {

    /** Identifies one violation from open to close; unique per monitor. */
    long violationId();

    SlaSubject subject();

    long atNanos();

    record ViolationOpened(long violationId, SlaSubject subject, SlaResult.SlaViolation violation, long atNanos)
            implements SlaEvent {
    }

    /** Still violating, but a different set of thresholds is broken (or another segment is to blame). */
    record ViolationChanged(long violationId, SlaSubject subject, SlaResult.SlaViolation violation, long atNanos)
            implements SlaEvent {
    }

    /** @param openedAtNanos when the violation opened, for its duration */
    record ViolationClosed(long violationId, SlaSubject subject, long openedAtNanos, long atNanos) implements SlaEvent {

        public long durationNanos() { return atNanos - openedAtNanos; }
    }
}

package dev.galactic.core.model;

/**
 * One aspect of a resource's state, as Kubernetes reports it: whether it holds, a reason a
 * program can switch on, a message for people, and the spec generation it was judged against
 * (older than {@code metadata.generation}: the controller has not caught up with the spec yet).
 *
 * @param type for example {@code PathsComputed}; one condition per type
 * @param reason UpperCamelCase, stable
 */
public record Condition(String type, Status status, String reason, String message, long observedGeneration) {

    public enum Status {
        TRUE("True"), FALSE("False"), UNKNOWN("Unknown");

        private final String text;

        Status(String text) { this.text = text; }

        /** As Kubernetes spells it. */
        public String text() { return text; }
    }

    public static Condition holds(String type, String reason, String message, long generation) {
        return new Condition(type, Status.TRUE, reason, message, generation);
    }

    public static Condition fails(String type, String reason, String message, long generation) {
        return new Condition(type, Status.FALSE, reason, message, generation);
    }

    public static Condition unknown(String type, String reason, String message, long generation) {
        return new Condition(type, Status.UNKNOWN, reason, message, generation);
    }
}

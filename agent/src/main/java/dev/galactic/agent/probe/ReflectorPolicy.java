package dev.galactic.agent.probe;

/**
 * Decides what the reflector does with a request: answer now, hold the answer, or drop it.
 * Production reflectors answer everything; tests and the lab inject loss and delay with it.
 */
@FunctionalInterface
public interface ReflectorPolicy {

    long DROP = -1;

    ReflectorPolicy ANSWER_ALL = request -> 0;

    /** @return {@link #DROP}, 0 to answer at once, or nanoseconds to hold the answer */
    long holdNanos(ProbePacket request);
}

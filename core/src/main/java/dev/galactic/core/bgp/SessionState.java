package dev.galactic.core.bgp;

/**
 * Where an attachment's BGP session is: the RFC 4271 finite state machine's states, plus what
 * the speaker manager knows before or beside it.
 */
public enum SessionState {
    /** No speaker runs for the session (not started yet, or it failed to start). */
    NOT_RUNNING,
    /** Shut down on purpose (maxPrefixAction tear-down). */
    ADMIN_DOWN,
    IDLE, CONNECT, ACTIVE, OPEN_SENT, OPEN_CONFIRM, ESTABLISHED;

    public boolean up() { return this == ESTABLISHED; }
}

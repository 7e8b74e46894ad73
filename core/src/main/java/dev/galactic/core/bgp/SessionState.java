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
    /**
     * The agent that runs the speaker has been disconnected for longer than its grace: nobody
     * vouches for the session any more, so what it learned is no longer accepted or spread.
     */
    UNKNOWN,
    IDLE, CONNECT, ACTIVE, OPEN_SENT, OPEN_CONFIRM, ESTABLISHED;

    public boolean up() { return this == ESTABLISHED; }
}

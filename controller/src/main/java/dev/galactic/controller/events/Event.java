package dev.galactic.controller.events;

import java.time.Instant;
import java.util.Set;

/**
 * Something that happened, as clients see it: a resource changed, a path moved, an SLA broke.
 *
 * @param seq position in the controller's event sequence (gap-free while it runs)
 * @param body what happened, typed
 */
public record Event(long seq, Instant at, EventBody body) {

    public EventType type() { return body.type(); }

    public String summary() { return body.summary(); }

    public Audience audience() { return body.audience(); }

    /** The tenant it concerns; null for the backbone. */
    public String tenant() { return body.audience().tenant(); }

    public boolean backbone() { return body.audience().backbone(); }

    public Set<String> sharedWith() { return body.audience().sharedWith(); }
}

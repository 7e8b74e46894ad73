package dev.galactic.controller.events;

import dev.galactic.controller.store.EventStore;
import dev.galactic.core.model.Caller;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Fans events out to live subscribers and keeps the most recent ones for late joiners. A
 * subscriber that falls behind is cut off (its queue is bounded), never the publisher slowed.
 */
public final class EventHub {

    /** A live subscription: take events from it; closed when it overflowed or was cancelled. */
    public final class Subscription implements AutoCloseable {
        private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE);
        private final Predicate<Event> filter;
        private volatile boolean overflowed;

        private Subscription(Predicate<Event> filter) {
            this.filter = filter;
        }

        /** The next event, or null after the timeout (for keep-alives). */
        public Event poll(long millis) throws InterruptedException {
            return queue.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        public boolean overflowed() { return overflowed; }

        void offer(Event e) {
            if (filter.test(e) && !queue.offer(e)) {
                overflowed = true;
                subscribers.remove(this);
            }
        }

        @Override
        public void close() { subscribers.remove(this); }
    }

    /** How many events a controller keeps for late joiners and for GET /api/v1/events. */
    public static final int RETAINED = 10_000;
    private static final int QUEUE = 4096;
    private final int retained;
    private final Clock clock;
    private final Deque<Event> recent = new ArrayDeque<>();
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private long seq;
    /** Held on the loop's thread until {@link #deliver()}; touched by that thread only. */
    private final List<Held> held = new ArrayList<>();

    /** How many events the event log keeps (the newest; about 300 bytes each). */
    public static final long LOGGED = 200_000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventHub.class);
    /** Where events are kept across restarts; null: in memory only. */
    private final EventStore log;

    public EventHub(Clock clock, int retained) {
        this(clock, retained, null);
    }

    /**
     * @param log the event log: the hub continues its numbering and starts with its newest events,
     *            and every event is written to it before anyone sees it
     */
    public EventHub(Clock clock, int retained, EventStore log) {
        this.clock = clock;
        this.retained = retained;
        this.log = log;
        if (log != null) {
            seq = log.lastSeq();
            log.newest(retained).forEach(row -> recorded(row).ifPresent(recent::addLast));
        }
    }

    /** A logged event as the hub holds it; empty for a type this controller does not know (a newer one wrote it). */
    private static java.util.Optional<Event> recorded(EventStore.StoredEvent row) {
        com.fasterxml.jackson.databind.node.ObjectNode payload;
        try {
            payload = (com.fasterxml.jackson.databind.node.ObjectNode) dev.galactic.core.model.ResourceCodec.json().readTree(row.payload());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException e) {
            LOG.warn("event {} in the event log has no readable payload; left out", row.seq());
            return java.util.Optional.empty();
        }
        return EventType.ofWire(row.type()).map(type -> new Event(row.seq(), row.at(), new EventBody.Recorded(type,
                new Audience(row.tenant(), row.backbone(), java.util.Set.copyOf(row.sharedWith())), row.summary(), payload)));
    }

    private static EventStore.StoredEvent stored(Event e) {
        Audience a = e.audience();
        return new EventStore.StoredEvent(e.seq(), e.at(), e.type().wire(), a.tenant(), a.backbone(),
                a.sharedWith().stream().sorted().toList(), e.summary(), EventJson.payload(e.body()).toString());
    }

    /**
     * Publishes an event, or, on the control loop's thread, holds it until the loop's last
     * publisher {@link #deliver}s the step's events: a client (or a webhook) that reacts to an
     * event then reads the state the whole step left, never a half-published one. The event's
     * time is now; its sequence number is given on delivery, so that sequence numbers stay in
     * delivery order. Returns the event as published, or null when it is held.
     */
    public Event publish(EventBody body) {
        Instant at = clock.instant();
        if (onLoop()) {
            held.add(new Held(at, body));
            return null;
        }
        return deliver(List.of(new Held(at, body))).getFirst();
    }

    /** An event waiting for its number: it happened at {@code at}, when it was published. */
    private record Held(Instant at, EventBody body) {
    }

    /**
     * Publishes several events at once (one write to the event log), in order; on the loop's
     * thread they are held like {@link #publish}'s and the result is empty.
     */
    public List<Event> publishAll(List<EventBody> bodies) {
        Instant at = clock.instant();
        List<Held> events = bodies.stream().map(b -> new Held(at, b)).toList();
        if (onLoop()) {
            held.addAll(events);
            return List.of();
        }
        return deliver(events);
    }

    private static boolean onLoop() {
        return Thread.currentThread().getName().equals(dev.galactic.controller.loop.ControlLoop.THREAD);
    }

    private synchronized List<Event> deliver(List<Held> events) {
        if (events.isEmpty()) return List.of();
        List<Event> out = new ArrayList<>(events.size());
        for (Held h : events) out.add(new Event(++seq, h.at(), h.body()));
        if (log != null) {
            try {
                log.append(out.stream().map(EventHub::stored).toList());
            } catch (RuntimeException e) {
                // what happened happened: the live feed still gets it, the log misses it
                LOG.error("could not write {} events to the event log", out.size(), e);
            }
        }
        for (Event e : out) {
            recent.addLast(e);
            while (recent.size() > retained) recent.removeFirst();
            subscribers.forEach(s -> s.offer(e));
        }
        return out;
    }

    /** The events the loop's publishers held in this step, in the order they were published (on the loop's thread only). */
    public void deliver() {
        if (held.isEmpty()) return;
        List<Held> step = List.copyOf(held);
        held.clear();
        deliver(step);
    }

    /** The loop's last publisher: the step's events go out once every other publisher is done. */
    public dev.galactic.controller.loop.Publisher publisher() {
        return dev.galactic.controller.loop.Publisher.of("events", (delta, image) -> deliver());
    }

    /**
     * Subscribes, returning the events after {@code afterSeq} first so none is missed: what the
     * event log has before the retained ones (at most {@link #RETAINED}), then the retained ones.
     */
    public Subscription subscribe(EventFilter filter, long afterSeq, List<Event> backlog) {
        backlog.addAll(logged(filter, afterSeq, RETAINED));
        synchronized (this) {
            // what was delivered while the log was read is in memory by now
            long from = backlog.isEmpty() ? afterSeq : Math.max(afterSeq, backlog.getLast().seq());
            for (Event e : recent) if (e.seq() > from && filter.test(e)) backlog.add(e);
            Subscription s = new Subscription(filter);
            subscribers.add(s);
            return s;
        }
    }

    /**
     * The oldest {@code limit} events after {@code afterSeq}: the next page of a client reading
     * forward. Events older than the retained ones come from the event log.
     */
    public List<Event> page(EventFilter filter, long afterSeq, int limit) {
        List<Event> out = new ArrayList<>(logged(filter, afterSeq, limit));
        synchronized (this) {
            long from = out.isEmpty() ? afterSeq : out.getLast().seq();
            for (Event e : recent) {
                if (out.size() == limit) break;
                if (e.seq() > from && filter.test(e)) out.add(e);
            }
        }
        return out;
    }

    /**
     * Up to {@code limit} logged events after {@code afterSeq} and before the retained ones,
     * oldest first. Read without the hub's lock: the log below the retained events does not
     * change but for trimming, and a slow read must not hold up publishing.
     */
    private List<Event> logged(EventFilter filter, long afterSeq, int limit) {
        long firstRetained;
        synchronized (this) {
            firstRetained = recent.isEmpty() ? seq + 1 : recent.getFirst().seq();
        }
        if (log == null || afterSeq >= firstRetained - 1) return List.of();
        List<Event> out = new ArrayList<>();
        for (EventStore.StoredEvent row : log.after(afterSeq, firstRetained, limit, filter.tenant(), filter.typePrefixes())) {
            recorded(row).filter(filter).ifPresent(out::add);
        }
        return out;
    }

    /** The newest {@code limit} retained events after {@code afterSeq}, oldest first. */
    public synchronized List<Event> recent(Predicate<Event> filter, long afterSeq, int limit) {
        List<Event> out = new ArrayList<>();
        for (Event e : recent) if (e.seq() > afterSeq && filter.test(e)) out.add(e);
        return out.size() > limit ? out.subList(out.size() - limit, out.size()) : out;
    }

    /** What a caller may see: operators everything, a tenant its own and the shared backbone. */
    public static Predicate<Event> visibleTo(Caller caller) {
        return switch (caller) {
            case Caller.Operator o -> e -> true;
            case Caller.TenantMember m -> e -> e.audience().visibleTo(m.tenant());
        };
    }

    public int subscribers() { return subscribers.size(); }
}

package dev.galactic.controller.events;

import dev.galactic.core.model.Caller;

import java.time.Clock;
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
    private final List<EventBody> held = new ArrayList<>();

    public EventHub(Clock clock, int retained) {
        this.clock = clock;
        this.retained = retained;
    }

    /**
     * Publishes an event, or, on the control loop's thread, holds it until the loop's last
     * publisher {@link #deliver}s the step's events: a client (or a webhook) that reacts to an
     * event then reads the state the whole step left, never a half-published one. Returns the
     * event as published, or null when it is held (its sequence number is given on delivery, so
     * that sequence numbers stay in delivery order).
     */
    public Event publish(EventBody body) {
        if (Thread.currentThread().getName().equals(dev.galactic.controller.loop.ControlLoop.THREAD)) {
            held.add(body);
            return null;
        }
        return deliver(body);
    }

    private synchronized Event deliver(EventBody body) {
        Event e = new Event(++seq, clock.instant(), body);
        recent.addLast(e);
        while (recent.size() > retained) recent.removeFirst();
        subscribers.forEach(s -> s.offer(e));
        return e;
    }

    /** The events the loop's publishers held in this step, in the order they were published (on the loop's thread only). */
    public void deliver() {
        if (held.isEmpty()) return;
        List<EventBody> step = List.copyOf(held);
        held.clear();
        synchronized (this) {
            step.forEach(this::deliver);
        }
    }

    /** The loop's last publisher: the step's events go out once every other publisher is done. */
    public dev.galactic.controller.loop.Publisher publisher() {
        return dev.galactic.controller.loop.Publisher.of("events", (delta, image) -> deliver());
    }

    /** Subscribes, returning the retained events after {@code afterSeq} first so none is missed. */
    public synchronized Subscription subscribe(Predicate<Event> filter, long afterSeq, List<Event> backlog) {
        for (Event e : recent) if (e.seq() > afterSeq && filter.test(e)) backlog.add(e);
        Subscription s = new Subscription(filter);
        subscribers.add(s);
        return s;
    }

    /** The oldest {@code limit} retained events after {@code afterSeq}: the next page of a client reading forward. */
    public synchronized List<Event> page(Predicate<Event> filter, long afterSeq, int limit) {
        List<Event> out = new ArrayList<>();
        for (Event e : recent) {
            if (out.size() == limit) break;
            if (e.seq() > afterSeq && filter.test(e)) out.add(e);
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

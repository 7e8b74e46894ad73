package dev.galactic.controller.loop;

import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.image.NetworkImage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The controller's one loop. Inputs are queued by whoever produces them (an API request that
 * committed intent, the telemetry tick, the clock) and handled on one thread: each step merges
 * what queued up into one {@link NetworkDelta}, applies it to the {@link NetworkImage}, and hands
 * delta and image to every publisher in the order declared at construction. Publishers therefore
 * never run under the store's lock or on a request thread, never concurrently with each other,
 * and a burst of inputs costs one step, not one per input.
 */
public final class ControlLoop implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ControlLoop.class);

    /** The thread's name, for those that must know whether they are on it. */
    public static final String THREAD = "galactic-loop";
    /** The thread that turns the clock into {@link LoopInput.Tick}s. */
    public static final String CLOCK_THREAD = "galactic-loop-clock";
    /** At most this many queued inputs merge into one step, so that a step's futures complete in bounded time. */
    private static final int MAX_BATCH = 1024;

    private record Pending(LoopInput input, CompletableFuture<Void> done) {
    }

    /** Queued by {@link #close}: the loop finishes the inputs before it, then stops. */
    private static final Pending STOP = new Pending(null, new CompletableFuture<>());

    private final List<Publisher> publishers;
    private final LinkedBlockingQueue<Pending> inbox = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final ScheduledExecutorService ticks = dev.galactic.controller.ServiceThreads.start(CLOCK_THREAD);
    private volatile NetworkImage image;
    private volatile Clock clock = Clock.systemUTC();

    /**
     * @param initial the image before the first input (the stored intent)
     * @param publishers in the order they see each step: a later one may rely on what an earlier one did
     */
    public ControlLoop(NetworkImage initial, List<Publisher> publishers) {
        this.image = initial;
        this.publishers = List.copyOf(publishers);
        this.thread = Thread.ofPlatform().name(THREAD).daemon().start(this::run);
    }

    /** The publishers in the order they run. */
    public List<String> order() {
        return publishers.stream().map(Publisher::name).toList();
    }

    /** The image after the last step. */
    public NetworkImage image() { return image; }

    /** Submits a {@link LoopInput.Tick} every {@code every} from now on, read from {@code clock}. */
    public void tickEvery(Duration every, Clock clock) {
        this.clock = clock;
        ticks.scheduleWithFixedDelay(() -> submit(new LoopInput.Tick(clock.instant())), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Submits a tick at {@code at} (a publisher's own deadline, such as a hold-down's end). */
    public void tickAt(Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis()) + 1;
        ticks.schedule(() -> submit(new LoopInput.Tick(clock.instant())), delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Queues an input; the future completes once every publisher has seen it. Inputs are handled
     * in the order they were submitted.
     */
    public CompletableFuture<Void> submit(LoopInput input) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        inbox.add(new Pending(input, done));
        return done;
    }

    /**
     * Waits (at most {@code timeout}) until the publishers are done with a submitted input, so that
     * a client reads what its change caused. On the loop's own thread it does not wait: that would
     * wait for itself.
     */
    public static void await(CompletableFuture<Void> done, Duration timeout, Object what) {
        if (Thread.currentThread().getName().equals(THREAD)) return;
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("the control loop is still busy with {} after {} ms; answering before it is done", what, timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.error("the control loop failed on {}", what, e.getCause());
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(inbox.take());
            } catch (InterruptedException e) {
                break;
            }
            inbox.drainTo(batch, MAX_BATCH - 1);
            int at = batch.indexOf(STOP);
            if (at >= 0) {
                stop = true;
                batch.subList(at, batch.size()).clear();
            }
            try {
                if (!batch.isEmpty()) step(batch);
            } finally {
                batch.forEach(p -> p.done().complete(null));
                batch.clear();
            }
        }
        // whoever waits on an input the loop will not handle must not wait for the timeout
        List<Pending> left = new ArrayList<>();
        inbox.drainTo(left);
        left.forEach(p -> p.done().complete(null));
    }

    private void step(List<Pending> batch) {
        NetworkDelta delta = NetworkDelta.NONE;
        for (Pending p : batch) delta = delta.then(p.input().delta());
        NetworkImage next = image.apply(delta);
        image = next;
        for (Publisher p : publishers) {
            try {
                p.publish(delta, next);
            } catch (RuntimeException e) {
                // the inputs already happened (the intent is committed): one failing publisher must not keep them from the others
                LOG.error("publisher {} failed on {}", p.name(), batch.size() == 1 ? batch.getFirst().input() : batch.size() + " inputs", e);
            }
        }
    }

    @Override
    public void close() {
        dev.galactic.controller.ServiceThreads.stop(ticks);
        inbox.add(STOP);
        try {
            // a publisher may be writing to a database that is about to close: let it finish
            thread.join(5000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

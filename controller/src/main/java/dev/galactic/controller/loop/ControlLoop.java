package dev.galactic.controller.loop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The controller's one loop: inputs are queued by whoever produces them (an API request that
 * committed intent, ...) and handled one at a time on one thread, where every publisher sees
 * each input in the order declared at construction. Publishers therefore never run under the
 * store's lock or on a request thread, and never concurrently with each other.
 */
public final class ControlLoop implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ControlLoop.class);

    /** The thread's name, for those that must know whether they are on it. */
    public static final String THREAD = "galactic-loop";

    private final List<Publisher> publishers;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, THREAD);
        t.setDaemon(true);
        return t;
    });

    /** @param publishers in the order they see each input: a later one may rely on what an earlier one did */
    public ControlLoop(List<Publisher> publishers) {
        this.publishers = List.copyOf(publishers);
    }

    /** The publishers in the order they run. */
    public List<String> order() {
        return publishers.stream().map(Publisher::name).toList();
    }

    /**
     * Queues an input; the future completes once every publisher has seen it. Inputs are handled
     * in the order they were submitted.
     */
    public CompletableFuture<Void> submit(LoopInput input) {
        return CompletableFuture.runAsync(() -> run(input), thread);
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
            // run() contains each publisher's failure; anything else is a bug worth seeing
            LOG.error("the control loop failed on {}", what, e.getCause());
        }
    }

    private void run(LoopInput input) {
        for (Publisher p : publishers) {
            try {
                p.publish(input);
            } catch (RuntimeException e) {
                // the input already happened (the intent is committed): one failing publisher must not keep it from the others
                LOG.error("publisher {} failed on {}", p.name(), input, e);
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.galactic.controller;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The single named thread a service owns (its state needs no locks), and how it stops. */
public final class ServiceThreads {

    private ServiceThreads() {
    }

    public static ScheduledExecutorService start(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Stops it and waits for a running task: it might write to a database that is about to close. */
    public static void stop(ScheduledExecutorService thread) {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

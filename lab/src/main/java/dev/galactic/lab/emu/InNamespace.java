package dev.galactic.lab.emu;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a bit of code inside another network namespace. setns(2) moves only the calling thread,
 * so the work runs on a throw-away platform thread that enters the namespace, runs, and returns
 * home; the caller's thread (maybe pooled, maybe a virtual thread's carrier) is never moved.
 * Descriptors opened there (TAP devices, sockets) stay in that namespace whoever uses them.
 */
final class InNamespace {

    /** The work: gets a confined arena and an errno slot for the native calls it makes. */
    interface Work<T> {
        T run(Arena arena, MemorySegment errno) throws IOException;
    }

    private InNamespace() {
    }

    /** @param netns a name under /var/run/netns, or null to stay in this process's namespace */
    static <T> T call(String netns, String what, Work<T> work) throws IOException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("netns-" + what).unstarted(() -> {
            try {
                result.set(new Ok<>(here(netns, work)));
            } catch (IOException | RuntimeException e) {
                result.set(e);
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + what, e);
        }
        return switch (result.get()) {
            case Ok<?> ok -> {
                @SuppressWarnings("unchecked") T v = (T) ok.value();
                yield v;
            }
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            default -> throw new IllegalStateException("unexpected " + result.get());
        };
    }

    private record Ok<T>(T value) {
    }

    private static <T> T here(String netns, Work<T> work) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment err = Libc.errnoSlot(arena);
            int home = -1;
            if (netns != null) {
                home = Libc.open(err, arena.allocateFrom("/proc/thread-self/ns/net"), Libc.O_RDONLY | Libc.O_CLOEXEC);
                if (home < 0) throw failure("open own netns", err);
                int target = Libc.open(err, arena.allocateFrom("/var/run/netns/" + netns), Libc.O_RDONLY | Libc.O_CLOEXEC);
                if (target < 0) {
                    Libc.close(err, home);
                    throw failure("open netns " + netns, err);
                }
                int rc = Libc.setns(err, target, Libc.CLONE_NEWNET);
                Libc.close(err, target);
                if (rc < 0) {
                    Libc.close(err, home);
                    throw failure("setns " + netns, err);
                }
            }
            try {
                return work.run(arena, err);
            } finally {
                if (home >= 0) {
                    int rc = Libc.setns(err, home, Libc.CLONE_NEWNET);
                    Libc.close(err, home);
                    // the thread ends right after, so a failed return cannot leak into other work
                    if (rc < 0) throw failure("setns back home", err);
                }
            }
        }
    }

    static IOException failure(String what, MemorySegment err) {
        int e = Libc.errno(err);
        return new IOException(what + ": " + Libc.strerror(e) + " (errno " + e + ")");
    }
}

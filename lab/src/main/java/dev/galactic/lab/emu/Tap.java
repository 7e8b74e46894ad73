package dev.galactic.lab.emu;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TAP device owned by this process: it lives while the descriptor is open and vanishes with
 * it (no TUNSETPERSIST), so a crashed emulator leaves nothing behind.
 *
 * <p>To create the device inside another network namespace, a short-lived platform thread
 * enters that namespace with setns(2), opens /dev/net/tun there and returns to its original
 * namespace: a tun device stays in the namespace it was created in, whatever thread later
 * reads or writes its descriptor.
 */
public final class Tap implements AutoCloseable {

    private final String netns;
    private final String name;
    private final int fd;
    private volatile boolean closed;

    private Tap(String netns, String name, int fd) {
        this.netns = netns;
        this.name = name;
        this.fd = fd;
    }

    /**
     * Creates TAP device {@code name} in network namespace {@code netns} (a name under
     * /var/run/netns, or null for this process's namespace).
     */
    public static Tap create(String netns, String name) throws IOException {
        if (name.isEmpty() || name.length() > 15) throw new IllegalArgumentException("interface name must be 1..15 characters: " + name);
        AtomicReference<Object> result = new AtomicReference<>();
        // setns changes only the calling thread's namespace; a throw-away thread keeps the
        // caller's thread (maybe a pooled or carrier thread) untouched
        Thread t = Thread.ofPlatform().name("tap-create-" + name).unstarted(() -> {
            try {
                result.set(createHere(netns, name));
            } catch (IOException | RuntimeException e) {
                result.set(e);
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating " + name, e);
        }
        return switch (result.get()) {
            case Integer fd -> new Tap(netns, name, fd);
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            default -> throw new IllegalStateException("unexpected " + result.get());
        };
    }

    private static int createHere(String netns, String name) throws IOException {
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
                int fd = Libc.open(err, arena.allocateFrom("/dev/net/tun"), Libc.O_RDWR | Libc.O_CLOEXEC);
                if (fd < 0) throw failure("open /dev/net/tun", err);
                MemorySegment ifr = arena.allocate(40); // struct ifreq: char name[16]; short flags; padding
                ifr.setString(0, name);
                ifr.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 16, (short) (Libc.IFF_TAP | Libc.IFF_NO_PI));
                if (Libc.ioctl(err, fd, Libc.TUNSETIFF, ifr) < 0) {
                    IOException e = failure("TUNSETIFF " + name + (netns == null ? "" : " in " + netns), err);
                    Libc.close(err, fd);
                    throw e;
                }
                return fd;
            } finally {
                if (home >= 0) {
                    int rc = Libc.setns(err, home, Libc.CLONE_NEWNET);
                    Libc.close(err, home);
                    if (rc < 0) throw failure("setns back home", err);
                }
            }
        }
    }

    private static IOException failure(String what, MemorySegment err) {
        int e = Libc.errno(err);
        return new IOException(what + ": " + Libc.strerror(e) + " (errno " + e + ")");
    }

    public String netns() { return netns; }

    public String name() { return name; }

    int fd() { return fd; }

    boolean isClosed() { return closed; }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try (Arena arena = Arena.ofConfined()) {
            Libc.close(Libc.errnoSlot(arena), fd);
        }
    }

    @Override
    public String toString() {
        return (netns == null ? "" : netns + ":") + name;
    }
}

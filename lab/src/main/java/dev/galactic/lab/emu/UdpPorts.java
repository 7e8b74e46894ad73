package dev.galactic.lab.emu;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;

/**
 * The two sides of a UDP relay: a socket bound to the listen address (clients send to it; replies
 * go back to whoever sent last, as WireGuard roaming expects) and a socket connected to the
 * target. Both are created inside the relay's namespace.
 */
final class UdpPorts {

    private UdpPorts() {
    }

    /** A socket bound to {@code listen}, answering the most recent sender. */
    static Port listening(String netns, InetSocketAddress listen) throws IOException {
        int fd = InNamespace.call(netns, "udp-listen", (arena, err) -> {
            int f = open(err);
            if (Libc.bind(err, f, Libc.sockaddr(arena, listen)) < 0) {
                IOException e = InNamespace.failure("bind " + listen + (netns == null ? "" : " in " + netns), err);
                Libc.close(err, f);
                throw e;
            }
            return f;
        });
        return new Listening(fd);
    }

    /** A socket connected to {@code target}. */
    static Port connected(String netns, InetSocketAddress target) throws IOException {
        int fd = InNamespace.call(netns, "udp-connect", (arena, err) -> {
            int f = open(err);
            if (Libc.connect(err, f, Libc.sockaddr(arena, target)) < 0) {
                IOException e = InNamespace.failure("connect " + target + (netns == null ? "" : " in " + netns), err);
                Libc.close(err, f);
                throw e;
            }
            return f;
        });
        return new FdPort(fd) {
        };
    }

    private static int open(MemorySegment err) throws IOException {
        int f = Libc.socket(err, Libc.AF_INET6, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (f < 0) throw InNamespace.failure("socket", err);
        return f;
    }

    private static final class Listening extends FdPort {
        private final Arena arena = Arena.ofShared();
        /** Written by the receiving pump thread only. */
        private final MemorySegment from = arena.allocate(Libc.SOCKADDR_IN6_BYTES, 4);
        private final MemorySegment fromLen = arena.allocate(ValueLayout.JAVA_INT);
        /** The sender replies go to; replaced (a new segment) only when the client moves. */
        private volatile MemorySegment client;

        Listening(int fd) {
            super(fd);
        }

        @Override
        public long receive(MemorySegment errno, MemorySegment buf, long max) {
            fromLen.set(ValueLayout.JAVA_INT, 0, Libc.SOCKADDR_IN6_BYTES);
            long n = Libc.recvfrom(errno, fd, buf, max, from, fromLen);
            MemorySegment c = client;
            if (n >= 0 && (c == null || c.mismatch(from) != -1)) {
                MemorySegment copy = Arena.ofAuto().allocate(Libc.SOCKADDR_IN6_BYTES, 4);
                copy.copyFrom(from);
                client = copy;
            }
            return n;
        }

        @Override
        public long send(MemorySegment errno, MemorySegment buf, long len) {
            MemorySegment c = client;
            if (c == null) return -1; // nobody to answer yet: dropped, counted as an error
            return Libc.sendto(errno, fd, buf, len, c);
        }

        @Override
        public synchronized void close() {
            super.close();
            arena.close(); // pumps are stopped before their ports are closed
        }
    }
}

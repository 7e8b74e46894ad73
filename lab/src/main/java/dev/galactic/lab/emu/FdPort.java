package dev.galactic.lab.emu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A port backed by one descriptor this process owns (a TAP device, a connected UDP socket): a
 * frame in is one read(2), a frame out one write(2), and closing closes the descriptor once.
 */
abstract class FdPort implements Port {

    final int fd;
    private boolean closed;

    FdPort(int fd) {
        this.fd = fd;
    }

    @Override
    public int fd() { return fd; }

    @Override
    public long receive(MemorySegment errno, MemorySegment buf, long max) {
        return Libc.read(errno, fd, buf, max);
    }

    @Override
    public long send(MemorySegment errno, MemorySegment buf, long len) {
        return Libc.write(errno, fd, buf, len);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try (Arena arena = Arena.ofConfined()) {
            Libc.close(Libc.errnoSlot(arena), fd);
        }
    }
}

package dev.galactic.lab.emu;

import java.lang.foreign.MemorySegment;

/**
 * One side of an emulated link as a {@link FramePump} sees it: a descriptor to wait on, a way
 * to take the next frame (or datagram) and a way to hand one over. Implementations must not
 * allocate per call; each method is called from one pump thread only.
 */
interface Port extends AutoCloseable {

    /** The descriptor ppoll waits on for input. */
    int fd();

    /** Reads one frame into {@code buf}; returns its length, 0 for nothing, negative on error (errno set). */
    long receive(MemorySegment errno, MemorySegment buf, long max);

    /** Writes one frame; returns the bytes written or negative on error. */
    long send(MemorySegment errno, MemorySegment buf, long len);

    @Override
    void close();
}

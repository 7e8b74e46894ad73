package dev.galactic.lab.emu;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The handful of Linux system calls the emulator needs, through java.lang.foreign. Every call
 * captures errno into a caller-provided segment so error messages say what the kernel said
 * without allocating on the frame path.
 */
final class Libc {

    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;
    static final long TUNSETIFF = 0x400454caL;
    static final short IFF_TAP = 0x0002;
    static final short IFF_NO_PI = 0x1000;
    static final short POLLIN = 0x1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    /** struct sockaddr_in6: family, port (network order), flowinfo, 16-byte address, scope id. */
    static final int SOCKADDR_IN6_BYTES = 28;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    // open(2) and ioctl(2) are variadic in C: say where the variadic part starts
    private static final MethodHandle OPEN = handle("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle IOCTL = handle("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SETNS = handle("setns",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle READ = handle("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle WRITE = handle("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle CLOSE = handle("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle PPOLL = handle("ppoll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle SOCKET = handle("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle BIND = handle("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle CONNECT = handle("connect",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle RECVFROM = handle("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle SENDTO = handle("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(),
            FunctionDescriptor.of(ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(256, ValueLayout.JAVA_BYTE)), JAVA_INT));

    private Libc() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, options);
    }

    /** A per-thread scratch area for errno; allocate once per thread, reuse for every call. */
    static MemorySegment errnoSlot(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment slot) {
        return (int) ERRNO.get(slot, 0L);
    }

    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    static int open(MemorySegment errno, MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(errno, path, flags);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int ioctl(MemorySegment errno, int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL.invokeExact(errno, fd, request, arg);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int setns(MemorySegment errno, int fd, int nstype) {
        try {
            return (int) SETNS.invokeExact(errno, fd, nstype);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static long read(MemorySegment errno, int fd, MemorySegment buf, long count) {
        try {
            return (long) READ.invokeExact(errno, fd, buf, count);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static long write(MemorySegment errno, int fd, MemorySegment buf, long count) {
        try {
            return (long) WRITE.invokeExact(errno, fd, buf, count);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int close(MemorySegment errno, int fd) {
        try {
            return (int) CLOSE.invokeExact(errno, fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Scratch for {@link #pollIn}: struct pollfd (8 bytes) followed by struct timespec (16 bytes). */
    static MemorySegment pollScratch(Arena arena) {
        return arena.allocate(24, 8);
    }

    /**
     * ppoll(2) on one descriptor for POLLIN with a nanosecond timeout, so frames are released
     * on time rather than on the next millisecond as poll(2) would.
     */
    static int pollIn(MemorySegment errno, MemorySegment scratch, int fd, long timeoutNanos) {
        scratch.set(JAVA_INT, 0, fd);
        scratch.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
        scratch.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        long t = Math.max(0, timeoutNanos);
        scratch.set(JAVA_LONG, 8, t / 1_000_000_000L);
        scratch.set(JAVA_LONG, 16, t % 1_000_000_000L);
        try {
            return (int) PPOLL.invokeExact(errno, scratch, 1L, scratch.asSlice(8, 16), MemorySegment.NULL);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static int socket(MemorySegment errno, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(errno, domain, type, protocol);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int bind(MemorySegment errno, int fd, MemorySegment addr) {
        try {
            return (int) BIND.invokeExact(errno, fd, addr, (int) addr.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int connect(MemorySegment errno, int fd, MemorySegment addr) {
        try {
            return (int) CONNECT.invokeExact(errno, fd, addr, (int) addr.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** recvfrom(2); {@code addrLen} is an int holding the size of {@code addr} on entry. */
    static long recvfrom(MemorySegment errno, int fd, MemorySegment buf, long len, MemorySegment addr, MemorySegment addrLen) {
        try {
            return (long) RECVFROM.invokeExact(errno, fd, buf, len, 0, addr, addrLen);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static long sendto(MemorySegment errno, int fd, MemorySegment buf, long len, MemorySegment addr) {
        try {
            return (long) SENDTO.invokeExact(errno, fd, buf, len, 0, addr, (int) addr.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Fills a struct sockaddr_in6 for {@code a} (IPv6 only: the lab's underlay is IPv6). */
    static MemorySegment sockaddr(Arena arena, java.net.InetSocketAddress a) {
        if (!(a.getAddress() instanceof java.net.Inet6Address v6)) throw new IllegalArgumentException("IPv6 address expected: " + a);
        MemorySegment s = arena.allocate(SOCKADDR_IN6_BYTES, 4);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET6);
        s.set(ValueLayout.JAVA_BYTE, 2, (byte) (a.getPort() >>> 8));
        s.set(ValueLayout.JAVA_BYTE, 3, (byte) a.getPort());
        MemorySegment.copy(v6.getAddress(), 0, s, ValueLayout.JAVA_BYTE, 8, 16);
        s.set(JAVA_INT, 24, v6.getScopeId());
        return s;
    }
}

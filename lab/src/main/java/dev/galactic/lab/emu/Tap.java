package dev.galactic.lab.emu;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A TAP device owned by this process: it lives while the descriptor is open and vanishes with
 * it (no TUNSETPERSIST), so a crashed emulator leaves nothing behind. Created inside a given
 * network namespace ({@link InNamespace}); a tun device stays in the namespace it was created
 * in, whatever thread later reads or writes its descriptor.
 */
public final class Tap extends FdPort {

    private final String netns;
    private final String name;

    private Tap(String netns, String name, int fd) {
        super(fd);
        this.netns = netns;
        this.name = name;
    }

    /**
     * Creates TAP device {@code name} in network namespace {@code netns} (a name under
     * /var/run/netns, or null for this process's namespace). It starts down, without addresses.
     */
    public static Tap create(String netns, String name) throws IOException {
        if (name.isEmpty() || name.length() > 15) throw new IllegalArgumentException("interface name must be 1..15 characters: " + name);
        int fd = InNamespace.call(netns, "tap-" + name, (arena, err) -> {
            int f = Libc.open(err, arena.allocateFrom("/dev/net/tun"), Libc.O_RDWR | Libc.O_CLOEXEC);
            if (f < 0) throw InNamespace.failure("open /dev/net/tun", err);
            MemorySegment ifr = arena.allocate(40); // struct ifreq: char name[16]; short flags; padding
            ifr.setString(0, name);
            ifr.set(ValueLayout.JAVA_SHORT, 16, (short) (Libc.IFF_TAP | Libc.IFF_NO_PI));
            if (Libc.ioctl(err, f, Libc.TUNSETIFF, ifr) < 0) {
                IOException e = InNamespace.failure("TUNSETIFF " + name + (netns == null ? "" : " in " + netns), err);
                Libc.close(err, f);
                throw e;
            }
            return f;
        });
        return new Tap(netns, name, fd);
    }

    public String netns() { return netns; }

    public String name() { return name; }

    @Override
    public String toString() {
        return (netns == null ? "" : netns + ":") + name;
    }
}

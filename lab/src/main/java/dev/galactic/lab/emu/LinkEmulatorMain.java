package dev.galactic.lab.emu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one or more emulated links as a process of their own, so they outlive the command that
 * built the lab and can be stopped by PID:
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp ... dev.galactic.lab.emu.LinkEmulatorMain \
 *     [--ready FILE] --name core1-core2 --a NS1:IF1 --b NS2:IF2 --control FILE \
 *     --name edge-a-core1 --relay NS --listen [ADDR]:PORT --target [ADDR]:PORT --control FILE ...
 * </pre>
 * A link option given a second time starts the next link. {@code --forward NS:[ADDR]:PORT
 * --forward-port-file FILE} also runs a {@link TcpForwarder} from a free port on the host's
 * 127.0.0.1 (written to the file) to that address inside namespace NS: how the host reaches
 * the lab's controller. Every 100 ms the control files are
 * re-read; every second each link's counters are written to CONTROL.stats. The ready file is
 * written once all TAP devices exist. SIGTERM closes the devices.
 */
public final class LinkEmulatorMain {

    /** How one link is given on the command line. */
    public sealed interface Spec {
        String name();

        Path control();

        List<String> args();

        LinkEmulator start(Impairment initial) throws IOException;
    }

    /** A TAP wire between two namespaces. */
    public record Wire(String name, Endpoint a, Endpoint b, Path control) implements Spec {
        @Override
        public List<String> args() {
            return List.of("--name", name, "--a", a.toString(), "--b", b.toString(), "--control", control.toString());
        }

        @Override
        public LinkEmulator start(Impairment initial) throws IOException {
            return LinkEmulator.start(name, a, b, initial);
        }

        @Override
        public String toString() { return name + " " + a + " <-> " + b; }
    }

    /** A UDP relay in namespace {@code netns} from {@code listen} to {@code target} ("[addr]:port"). */
    public record Relay(String name, String netns, String listen, String target, Path control) implements Spec {
        public Relay {
            socketAddress(listen);
            socketAddress(target);
        }

        @Override
        public List<String> args() {
            return List.of("--name", name, "--relay", netns, "--listen", listen, "--target", target, "--control", control.toString());
        }

        @Override
        public LinkEmulator start(Impairment initial) throws IOException {
            return LinkEmulator.udpRelay(name, netns, socketAddress(listen), socketAddress(target), initial);
        }

        @Override
        public String toString() { return name + " relay in " + netns + " " + listen + " -> " + target; }
    }

    /** Parses "[ipv6]:port" without any name lookup. */
    public static InetSocketAddress socketAddress(String text) {
        int close = text.lastIndexOf("]:");
        if (!text.startsWith("[") || close < 0) throw new IllegalArgumentException("expected [IPV6]:PORT, got " + text);
        String host = text.substring(1, close);
        if (!host.contains(":")) throw new IllegalArgumentException("expected an IPv6 literal in " + text);
        try {
            int port = Integer.parseInt(text.substring(close + 2));
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range in " + text);
            return new InetSocketAddress(InetAddress.getByName(host), port); // a literal: no DNS
        } catch (NumberFormatException | UnknownHostException e) {
            throw new IllegalArgumentException("expected [IPV6]:PORT, got " + text);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LinkEmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Path ready = null;
        List<Spec> specs;
        ParsedArgs parsed;
        try {
            parsed = parse(args);
            ready = parsed.ready();
            specs = parsed.specs();
        } catch (IllegalArgumentException e) {
            System.err.println("linkemu: " + e.getMessage());
            System.err.println("usage: LinkEmulatorMain [--ready FILE] [--forward NS:[ADDR]:PORT --forward-port-file FILE] ([--name N] --a NS:IF --b NS:IF --control FILE"
                    + " | [--name N] --relay NS --listen [ADDR]:PORT --target [ADDR]:PORT --control FILE) ...");
            System.exit(2);
            return;
        }
        List<Running> running = new ArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            running.forEach(r -> r.emulator().close());
        }));
        for (Spec s : specs) {
            ControlFile control = new ControlFile(s.control());
            Impairment initial = control.poll().orElse(Impairment.NONE);
            running.add(new Running(s.start(initial), control));
            System.out.println("linkemu: " + s + ": " + initial);
        }
        if (parsed.forward() != null) {
            Forward f = parsed.forward();
            TcpForwarder fwd = TcpForwarder.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), f.netns(), socketAddress(f.target()));
            Files.writeString(f.portFile(), fwd.port() + "\n");
            System.out.println("linkemu: forwarding 127.0.0.1:" + fwd.port() + " to " + f.target() + " in " + f.netns());
        }
        if (ready != null) Files.writeString(ready, ProcessHandle.current().pid() + "\n");
        System.out.println("linkemu: ready, pid " + ProcessHandle.current().pid());
        long tick = 0;
        // control files are looked at every 10 ms (a stat each: cheap), so an impairment starts
        // within 10 ms of `lab impair`; counters are written every second
        while (!stop.await(10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            tick++;
            for (Running r : running) {
                try {
                    Optional<Impairment> changed = r.control().poll();
                    if (changed.isPresent()) {
                        r.emulator().impair(changed.get());
                        System.out.println("linkemu: " + r.emulator().name() + ": " + changed.get());
                    }
                } catch (IOException | RuntimeException e) {
                    System.err.println("linkemu: " + r.emulator().name() + ": ignoring control file: " + e.getMessage());
                }
                if (tick % 100 == 0) writeStats(r);
            }
        }
    }

    private record Running(LinkEmulator emulator, ControlFile control) {
    }

    /** Where a link's counters are published for `lab status`. */
    public static Path statsFile(Path control) {
        return control.resolveSibling(control.getFileName() + ".stats");
    }

    private static void writeStats(Running r) {
        Path target = statsFile(r.control().path());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(r.emulator().stats()));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // stats are a courtesy; the lab directory may be going away during teardown
        }
    }

    /** A forwarder from the host's loopback to {@code target} inside {@code netns}. */
    public record Forward(String netns, String target, Path portFile) {
        public Forward {
            socketAddress(target);
        }

        List<String> args() {
            return List.of("--forward", netns + ":" + target, "--forward-port-file", portFile.toString());
        }
    }

    record ParsedArgs(Path ready, Forward forward, List<Spec> specs) {
    }

    static ParsedArgs parse(String[] args) {
        Path ready = null;
        String forward = null;
        Path forwardPortFile = null;
        List<Spec> specs = new ArrayList<>();
        Pending p = new Pending();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException(flag + " needs a value");
            String value = args[++i];
            if (flag.equals("--ready")) {
                ready = Path.of(value);
                continue;
            }
            if (flag.equals("--forward")) {
                forward = value;
                continue;
            }
            if (flag.equals("--forward-port-file")) {
                forwardPortFile = Path.of(value);
                continue;
            }
            // a link option given a second time starts the next link
            if (p.has(flag)) {
                specs.add(p.toSpec());
                p = new Pending();
            }
            switch (flag) {
                case "--name" -> p.name = value;
                case "--a" -> p.a = Endpoint.parse(value);
                case "--b" -> p.b = Endpoint.parse(value);
                case "--relay" -> p.relay = value;
                case "--listen" -> p.listen = value;
                case "--target" -> p.target = value;
                case "--control" -> p.control = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (!p.isEmpty()) specs.add(p.toSpec());
        Forward fwd = null;
        if (forward != null) {
            int colon = forward.indexOf(':');
            if (colon <= 0 || forwardPortFile == null) throw new IllegalArgumentException("--forward NS:[ADDR]:PORT needs --forward-port-file");
            fwd = new Forward(forward.substring(0, colon), forward.substring(colon + 1), forwardPortFile);
        }
        if (specs.isEmpty() && fwd == null) throw new IllegalArgumentException("no link given");
        return new ParsedArgs(ready, fwd, specs);
    }

    private static final class Pending {
        String name;
        Endpoint a;
        Endpoint b;
        String relay;
        String listen;
        String target;
        Path control;

        boolean has(String flag) {
            return switch (flag) {
                case "--name" -> name != null;
                case "--a" -> a != null;
                case "--b" -> b != null;
                case "--relay" -> relay != null;
                case "--listen" -> listen != null;
                case "--target" -> target != null;
                case "--control" -> control != null;
                default -> false;
            };
        }

        boolean isEmpty() {
            return name == null && a == null && b == null && relay == null && listen == null && target == null && control == null;
        }

        Spec toSpec() {
            if (control == null) throw new IllegalArgumentException("link " + (name == null ? "" : name + " ") + "has no --control");
            if (relay != null) {
                if (listen == null || target == null) throw new IllegalArgumentException("relay " + relay + " needs --listen and --target");
                if (a != null || b != null) throw new IllegalArgumentException("a relay takes no --a/--b");
                return new Relay(name == null ? relay + "-relay" : name, relay, listen, target, control);
            }
            if (a == null || b == null) throw new IllegalArgumentException("link " + (name == null ? "" : name + " ") + "needs --a and --b");
            return new Wire(name == null ? a.netns() + "-" + b.netns() : name, a, b, control);
        }
    }
}

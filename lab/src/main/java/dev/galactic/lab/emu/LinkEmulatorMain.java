package dev.galactic.lab.emu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
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
 *     [--ready FILE] --name core1-core2 --a NS1:IF1 --b NS2:IF2 --control FILE [--name ... --a ... ...]
 * </pre>
 * Each {@code --a} after the first starts the next link. Every 100 ms the control files are
 * re-read; every second each link's counters are written to CONTROL.stats. The ready file is
 * written once all TAP devices exist. SIGTERM closes the devices.
 */
public final class LinkEmulatorMain {

    /** How one link is given on the command line. */
    public record Spec(String name, Endpoint a, Endpoint b, Path control) {
        public List<String> args() {
            return List.of("--name", name, "--a", a.toString(), "--b", b.toString(), "--control", control.toString());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LinkEmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Path ready = null;
        List<Spec> specs;
        try {
            ParsedArgs parsed = parse(args);
            ready = parsed.ready();
            specs = parsed.specs();
        } catch (IllegalArgumentException e) {
            System.err.println("linkemu: " + e.getMessage());
            System.err.println("usage: LinkEmulatorMain [--ready FILE] [--name N] --a NS:IF --b NS:IF --control FILE ...");
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
            running.add(new Running(LinkEmulator.start(s.name(), s.a(), s.b(), initial), control));
            System.out.println("linkemu: " + s.name() + " " + s.a() + " <-> " + s.b() + ": " + initial);
        }
        if (ready != null) Files.writeString(ready, ProcessHandle.current().pid() + "\n");
        System.out.println("linkemu: ready, pid " + ProcessHandle.current().pid());
        long tick = 0;
        while (!stop.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
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
                if (tick % 10 == 0) writeStats(r);
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

    record ParsedArgs(Path ready, List<Spec> specs) {
    }

    static ParsedArgs parse(String[] args) {
        Path ready = null;
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
            // a link option given a second time starts the next link
            if (p.has(flag)) {
                specs.add(p.toSpec());
                p = new Pending();
            }
            switch (flag) {
                case "--name" -> p.name = value;
                case "--a" -> p.a = Endpoint.parse(value);
                case "--b" -> p.b = Endpoint.parse(value);
                case "--control" -> p.control = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (!p.isEmpty()) specs.add(p.toSpec());
        if (specs.isEmpty()) throw new IllegalArgumentException("no link given");
        return new ParsedArgs(ready, specs);
    }

    private static final class Pending {
        String name;
        Endpoint a;
        Endpoint b;
        Path control;

        boolean has(String flag) {
            return switch (flag) {
                case "--name" -> name != null;
                case "--a" -> a != null;
                case "--b" -> b != null;
                case "--control" -> control != null;
                default -> false;
            };
        }

        boolean isEmpty() { return name == null && a == null && b == null && control == null; }

        Spec toSpec() {
            if (a == null || b == null) throw new IllegalArgumentException("link " + name + " needs --a and --b");
            if (control == null) throw new IllegalArgumentException("link " + a + " <-> " + b + " has no --control");
            return new Spec(name == null ? a.netns() + "-" + b.netns() : name, a, b, control);
        }
    }
}

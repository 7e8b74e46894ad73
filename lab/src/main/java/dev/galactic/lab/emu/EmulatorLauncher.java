package dev.galactic.lab.emu;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@link LinkEmulatorMain} as a separate JVM so the links outlive the command that built
 * the lab. By default it reuses this JVM's java binary and class path (the shaded galactic jar,
 * or the test class path).
 *
 * @param javaAndClassPath the command up to the main class, e.g. [java, --enable-native-access=ALL-UNNAMED, -cp, X]
 */
public record EmulatorLauncher(List<String> javaAndClassPath) {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    public static EmulatorLauncher currentJvm() {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new EmulatorLauncher(List.of(java, "--enable-native-access=ALL-UNNAMED",
                // a small heap: frames live in native memory (about 8 MB per direction and link)
                "-Xmx96m", "-XX:+UseSerialGC", "-Xss512k",
                "-cp", System.getProperty("java.class.path")));
    }

    /** Starts the emulator for {@code links}, waits until every TAP device exists, returns the process. */
    public ProcessHandle start(List<LinkEmulatorMain.Spec> links, Path readyFile, Path logFile) throws IOException {
        Starting s = launch(links, null, readyFile, logFile);
        s.awaitReady();
        return s.process().toHandle();
    }

    /** Starts the emulator without waiting (the JVM warms up while the caller does other work); also forwards a host port into the lab when {@code forward} is not null. */
    public Starting launch(List<LinkEmulatorMain.Spec> links, LinkEmulatorMain.Forward forward, Path readyFile, Path logFile) throws IOException {
        Files.deleteIfExists(readyFile);
        List<String> cmd = new ArrayList<>(javaAndClassPath);
        cmd.add(LinkEmulatorMain.class.getName());
        cmd.addAll(List.of("--ready", readyFile.toString()));
        if (forward != null) cmd.addAll(forward.args());
        links.forEach(l -> cmd.addAll(l.args()));
        Process p = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(logFile.toFile())
                .redirectErrorStream(true)
                .start();
        return new Starting(p, readyFile, logFile);
    }

    /** An emulator process on its way up; ready once it has written the ready file. */
    public record Starting(Process process, Path readyFile, Path logFile) {
        public void awaitReady() throws IOException {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (!Files.exists(readyFile)) {
                if (!process.isAlive()) throw new IOException("link emulator exited " + process.exitValue() + ": " + Files.readString(logFile).strip());
                if (System.nanoTime() - deadline > 0) {
                    process.destroyForcibly();
                    throw new IOException("link emulator not ready within " + READY_TIMEOUT + "; log " + logFile);
                }
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while starting the link emulator", e);
                }
            }
        }
    }
}

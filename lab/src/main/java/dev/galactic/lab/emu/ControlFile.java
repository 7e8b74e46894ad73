package dev.galactic.lab.emu;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * The cross-process knob of an emulated link: a small JSON file such as
 * {@code {"delayMs": 25, "jitterMs": 0, "lossPercent": 5}}. Writers replace it atomically
 * (write + rename), the emulator re-reads it when its modification time or size changes.
 */
public final class ControlFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private FileTime seenTime;
    private long seenSize = -1;

    public ControlFile(Path path) {
        this.path = path;
    }

    public Path path() { return path; }

    /** Atomically replaces the file with {@code i}; an emulator watching it applies it within ~100 ms. */
    public static void write(Path path, Impairment i) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp" + ProcessHandle.current().pid());
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.write(tmp, JSON.writeValueAsBytes(i));
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static Impairment read(Path path) throws IOException {
        return JSON.readValue(path.toFile(), Impairment.class);
    }

    /**
     * Returns the impairment if the file changed since the last call (or on the first call),
     * empty when unchanged or missing. A malformed file throws; the previous setting stays.
     */
    public Optional<Impairment> poll() throws IOException {
        FileTime t;
        long size;
        try {
            t = Files.getLastModifiedTime(path);
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (t.equals(seenTime) && size == seenSize) return Optional.empty();
        seenTime = t;
        seenSize = size;
        return Optional.of(read(path));
    }
}

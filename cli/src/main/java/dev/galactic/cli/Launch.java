package dev.galactic.cli;

import java.nio.file.Path;

/** Where a launched controller keeps its state by default. */
final class Launch {

    private Launch() {
    }

    /** {@code $GALACTIC_HOME/.galactic} (the launcher sets it to the checkout), else ./.galactic. */
    static Path dataRoot() {
        String home = System.getenv("GALACTIC_HOME");
        return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).toAbsolutePath().resolve(".galactic");
    }
}

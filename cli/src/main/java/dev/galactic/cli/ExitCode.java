package dev.galactic.cli;

/** What the galactic command's exit status means, for scripts. */
public final class ExitCode {
    public static final int OK = 0;
    /** diff only: the change would modify something. */
    public static final int DIFFERENCES = 1;
    /** bad flags or arguments. */
    public static final int USAGE = 2;
    /** the server refused the request (invalid input, conflict, not allowed). */
    public static final int REJECTED = 3;
    /** the resource does not exist. */
    public static final int NOT_FOUND = 4;
    /** the server could not be reached or failed. */
    public static final int UNAVAILABLE = 5;

    private ExitCode() {
    }
}

package dev.galactic.cli;

import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an exception that escaped a command means to whoever ran it: one sentence that says
 * what to do next, and an exit code. A stack trace helps nobody at a prompt; the log lines
 * above the error (stderr) still carry the detail a bug report needs.
 */
final class Failures {

    private Failures() {
    }

    static ApiClient.Failure explain(Exception e) {
        return switch (e) {
            case ApiClient.Failure f -> f;
            case NoSuchFileException n -> new ApiClient.Failure(ExitCode.USAGE, n.getFile() + " does not exist", null);
            case AccessDeniedException a -> new ApiClient.Failure(ExitCode.USAGE, a.getFile() + ": permission denied (run as a user that may use it, or point elsewhere)", null);
            case Exception x when causedBy(x, BindException.class) ->
                    new ApiClient.Failure(ExitCode.USAGE, message(x) + ". Pick another port with --port, or stop what listens there.", null);
            default -> new ApiClient.Failure(ExitCode.UNAVAILABLE, message(e)
                    + ". Not expected: the log above may say more; if it does not, please report this with the command line.", null);
        };
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) if (type.isInstance(c)) return true;
        return false;
    }

    /** The messages down the cause chain as one sentence, each once (wrappers often repeat their cause's). */
    private static String message(Throwable t) {
        List<String> parts = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage() == null || c.getMessage().isBlank() ? c.getClass().getSimpleName() : c.getMessage().strip();
            String part = m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
            if (parts.stream().noneMatch(p -> p.contains(part))) parts.add(part);
        }
        return String.join(": ", parts);
    }
}

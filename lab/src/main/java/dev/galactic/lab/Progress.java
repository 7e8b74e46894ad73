package dev.galactic.lab;

import java.io.PrintStream;

/** Tells people what the lab is doing: one line per step, with counts and elapsed time. */
public final class Progress {

    private final PrintStream out;
    private final long start = System.nanoTime();
    private long stepStart = start;

    public Progress(PrintStream out) {
        this.out = out;
    }

    /** Prints nothing: for callers that only want the result. */
    public static Progress quiet() {
        return new Progress(null);
    }

    public void step(String message) {
        long now = System.nanoTime();
        if (out != null) {
            out.printf("lab [%6.2fs +%5.2fs] %s%n", (now - start) / 1e9, (now - stepStart) / 1e9, message);
            out.flush();
        }
        stepStart = now;
    }

    public void warn(String message) {
        if (out != null) out.println("lab warning: " + message);
    }

    public double elapsedSeconds() { return (System.nanoTime() - start) / 1e9; }
}

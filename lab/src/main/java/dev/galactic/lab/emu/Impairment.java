package dev.galactic.lab.emu;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What a link does to each frame, per direction: holds it for {@code delayMs} plus a uniform
 * random offset in [-jitterMs, +jitterMs] (never below zero) and drops {@code lossPercent} of
 * the frames at random. Round-trip time therefore grows by twice the delay.
 */
public record Impairment(double delayMs, double jitterMs, double lossPercent) {

    public static final Impairment NONE = new Impairment(0, 0, 0);

    public Impairment {
        if (!(delayMs >= 0 && delayMs <= 60_000)) throw new IllegalArgumentException("delayMs must be 0..60000, got " + delayMs);
        if (!(jitterMs >= 0 && jitterMs <= 60_000)) throw new IllegalArgumentException("jitterMs must be 0..60000, got " + jitterMs);
        if (!(lossPercent >= 0 && lossPercent <= 100)) throw new IllegalArgumentException("lossPercent must be 0..100, got " + lossPercent);
    }

    @JsonIgnore
    long delayNanos() { return Math.round(delayMs * 1e6); }

    @JsonIgnore
    long jitterNanos() { return Math.round(jitterMs * 1e6); }

    @JsonIgnore
    double lossFraction() { return lossPercent / 100.0; }

    @Override
    public String toString() {
        return "delay " + delayMs + " ms, jitter " + jitterMs + " ms, loss " + lossPercent + " %";
    }
}

package dev.galactic.core.telemetry;

/** How a sample was measured. IPERF measures bandwidth; the others measure round trips. */
public enum ProbeType {
    ICMP, UDP, TCP, HTTP, IPERF;

    private static final ProbeType[] VALUES = values();

    static ProbeType ofOrdinal(int ordinal) { return VALUES[ordinal]; }

    static int count() { return VALUES.length; }
}

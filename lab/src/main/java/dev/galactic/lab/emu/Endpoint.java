package dev.galactic.lab.emu;

/** One side of an emulated wire: the TAP device {@code ifname} inside network namespace {@code netns}. */
public record Endpoint(String netns, String ifname) {

    public Endpoint {
        if (netns == null || netns.isBlank()) throw new IllegalArgumentException("endpoint needs a namespace");
        if (ifname == null || ifname.isEmpty() || ifname.length() > 15) {
            throw new IllegalArgumentException("interface name must be 1..15 characters: " + ifname);
        }
    }

    /** Parses {@code NS:IFNAME}. */
    public static Endpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("expected NS:IFNAME, got " + text);
        return new Endpoint(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() { return netns + ":" + ifname; }
}

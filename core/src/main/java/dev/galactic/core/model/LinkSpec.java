package dev.galactic.core.model;

/**
 * Inventory facts about an underlay link between two nodes (both directions). Measured
 * latency, jitter, loss and bandwidth come from probes; these are the operator's facts.
 *
 * @param a one end (node name)
 * @param b the other end (node name)
 * @param kind what carries it
 * @param cost administrative cost used by the lowest-cost class; default 10
 * @param capacityMbps provisioned capacity, if known
 * @param latencyMs nominal one-way latency, used until probes measure it
 * @param mtu the underlay's MTU on this link, if known; a WireGuard link's tunnel gets this minus
 *            the 80 bytes WireGuard adds over IPv6
 */
public record LinkSpec(String a, String b, LinkKind kind, Double cost, Long capacityMbps, Double latencyMs, Integer mtu)
        implements Spec {

    /** What WireGuard adds to each packet over IPv6: outer IPv6 40, UDP 8, WireGuard header and tag 32. */
    public static final int WIREGUARD_OVERHEAD = 80;

    public enum LinkKind { PHYSICAL, WAVE, INTERNET, WIREGUARD }

    public double costOrDefault() { return cost == null ? 10.0 : cost; }
}

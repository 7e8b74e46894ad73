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
 */
public record LinkSpec(String a, String b, LinkKind kind, Double cost, Long capacityMbps, Double latencyMs)
        implements Spec {

    public enum LinkKind { PHYSICAL, WAVE, INTERNET, WIREGUARD }

    public double costOrDefault() { return cost == null ? 10.0 : cost; }
}

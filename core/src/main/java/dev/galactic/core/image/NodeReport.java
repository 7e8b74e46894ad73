package dev.galactic.core.image;

import dev.galactic.core.agent.AgentMessage;

/**
 * What a node's agent told the controller that the controller acts on: that it is there, its
 * BGP sessions' routes, its WireGuard key, the outcome of applying a config. Reports reach the loop in the order each
 * agent sent them; a report names the node it came from, never one the agent speaks for.
 */
public sealed interface NodeReport {

    String node();

    /** The node's agent connected or went away at {@code at} (a new connection of the same node replaces the old without a report). */
    record AgentSession(String node, boolean connected, java.time.Instant at) implements NodeReport {
    }

    /** A site's BGP session on the node: its state and the routes it received, as of {@code at}. */
    record RoutesReported(String node, AgentMessage.Routes routes, java.time.Instant at) implements NodeReport {
    }

    /** The node's WireGuard public key (its edges' peers are rendered with it). */
    record KeyReported(String node, String publicKey) implements NodeReport {
        /** Whether the key is a WireGuard public key (32 bytes in base64); the image keeps only those. */
        public boolean wellFormed() {
            return publicKey != null && publicKey.matches("[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=");
        }
    }

    /** The node applied config {@code version} (its hash), or failed to ({@code error} set: it keeps its previous one). */
    record ConfigApplied(String node, long version, String hash, String driver, String error) implements NodeReport {
    }
}

package dev.galactic.agent.driver;

import dev.galactic.core.render.NodeConfig;

/**
 * Makes a {@link NodeConfig} real on one kind of data plane (Linux kernel SRv6, VPP, or the
 * in-memory simulation). Applying is idempotent and all or nothing: on failure the previous
 * config stays in force and the exception says exactly what failed.
 */
public interface DataPlaneDriver extends AutoCloseable {

    /** A short name for reports: linux, vpp, sim. */
    String name();

    /** How often the agent audits the data plane even when every apply succeeded. */
    java.time.Duration AUDIT_INTERVAL = java.time.Duration.ofSeconds(30);

    void apply(NodeConfig config) throws DriverException;

    /**
     * Reads the data plane back and puts back whatever drifted from the config in force (someone
     * changed it by hand); the agent calls it on a timer, beside the configs it applies. Returns
     * whether it ran (false: nothing applied yet, a driver with nothing to audit, or a config
     * applied while it read, so the next audit looks again).
     */
    default boolean audit() throws DriverException {
        return false;
    }

    /**
     * The node's WireGuard public key, reported to the controller so peers can be configured
     * with it; null when this driver programs no tunnels. The private key stays on the node.
     */
    default String wireguardPublicKey() {
        return null;
    }

    /** What a driver could not do, in words an operator can act on. */
    final class DriverException extends Exception {
        public DriverException(String message) {
            super(message);
        }

        public DriverException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    default void close() {
    }
}

package dev.galactic.agent.driver;

import dev.galactic.core.render.NodeConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory data plane: keeps what it was given. For the demo and for scale tests, where
 * nodes exist only as agents.
 */
public final class SimDriver implements DataPlaneDriver {

    private final List<NodeConfig> history = new ArrayList<>();

    @Override
    public String name() { return "sim"; }

    @Override
    public synchronized void apply(NodeConfig config) {
        history.add(config);
    }

    /** The config in force, null before the first. */
    public synchronized NodeConfig installed() {
        return history.isEmpty() ? null : history.getLast();
    }

    public synchronized int applications() { return history.size(); }
}

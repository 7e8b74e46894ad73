package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.ProbeTarget;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Where to send each kind of probe for a planned target. The plan names nodes and their
 * underlay addresses; ports and paths are the agents' convention, see {@link PortConventions}.
 * A method may return null to skip a target it cannot resolve.
 */
public interface TargetResolver {

    InetSocketAddress udpReflector(ProbeTarget target);

    InetSocketAddress tcp(ProbeTarget target);

    URI http(ProbeTarget target);

    /** The address handed to {@code ping}. */
    String icmp(ProbeTarget target);

    InetSocketAddress iperf(ProbeTarget target);

    /**
     * Every agent listens on the same ports: the UDP reflector, the HTTP probe responder (TCP
     * connect probes use it too) and iperf3's server. The first underlay address is used.
     */
    record PortConventions(int udpPort, int httpPort, String httpPath, int iperfPort) implements TargetResolver {

        public static final PortConventions DEFAULTS = new PortConventions(7700, 7701, "/probe", 5201);

        private static String host(ProbeTarget t) {
            return t.addresses().isEmpty() ? null : t.addresses().getFirst();
        }

        private static InetSocketAddress socket(ProbeTarget t, int port) {
            String h = host(t);
            return h == null ? null : new InetSocketAddress(h, port);
        }

        @Override
        public InetSocketAddress udpReflector(ProbeTarget t) { return socket(t, udpPort); }

        @Override
        public InetSocketAddress tcp(ProbeTarget t) { return socket(t, httpPort); }

        @Override
        public URI http(ProbeTarget t) {
            String h = host(t);
            return h == null ? null : URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + httpPort + httpPath);
        }

        @Override
        public String icmp(ProbeTarget t) { return host(t); }

        @Override
        public InetSocketAddress iperf(ProbeTarget t) { return socket(t, iperfPort); }
    }
}

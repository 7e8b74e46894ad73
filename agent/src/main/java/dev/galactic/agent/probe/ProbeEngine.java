package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.NodeProbePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Everything probe-related one agent runs: the listeners other agents probe (UDP reflector,
 * HTTP/TCP responder, iperf3 server when iperf3 is installed) and the scheduler for its own plan.
 * The listeners start once; {@link #apply(NodeProbePlan)} swaps the plan whenever the controller
 * sends a new one.
 */
public final class ProbeEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProbeEngine.class);

    private final ProbeSchedulerConfig config;
    private final TargetResolver resolver;
    private final SampleSink sink;
    private final UdpReflector reflector;
    private final HttpProbeResponder responder;
    private final Iperf3Runner.Server iperfServer;
    private ProbeScheduler scheduler;

    private ProbeEngine(ProbeSchedulerConfig config, TargetResolver resolver, SampleSink sink, UdpReflector reflector,
                        HttpProbeResponder responder, Iperf3Runner.Server iperfServer) {
        this.config = config;
        this.resolver = resolver;
        this.sink = sink;
        this.reflector = reflector;
        this.responder = responder;
        this.iperfServer = iperfServer;
    }

    /**
     * Starts the listeners on {@code bind} (null: all addresses) at the conventional ports.
     *
     * @param startIperfServer false where iperf3 servers are managed elsewhere (or in tests)
     */
    public static ProbeEngine start(ProbeSchedulerConfig config, InetAddress bind, TargetResolver.PortConventions ports,
                                    SampleSink sink, boolean startIperfServer) throws IOException {
        return start(config, bind, ports, ports, sink, startIperfServer);
    }

    /**
     * @param listen the ports this agent listens on
     * @param peers where other agents listen (the conventions, unless several agents share a host)
     */
    public static ProbeEngine start(ProbeSchedulerConfig config, InetAddress bind, TargetResolver.PortConventions listen,
                                    TargetResolver peers, SampleSink sink, boolean startIperfServer) throws IOException {
        TargetResolver.PortConventions ports = listen;
        UdpReflector reflector = UdpReflector.start(new InetSocketAddress(bind, ports.udpPort()));
        HttpProbeResponder responder;
        try {
            responder = HttpProbeResponder.start(new InetSocketAddress(bind, ports.httpPort()), ports.httpPath());
        } catch (IOException e) {
            reflector.close();
            throw e;
        }
        Iperf3Runner.Server iperf = null;
        if (startIperfServer) {
            var found = Iperf3Runner.find();
            if (found.isPresent()) {
                iperf = Iperf3Runner.Server.start(found.get().toString(), bind == null ? null : bind.getHostAddress(), ports.iperfPort());
            } else {
                log.warn("iperf3 not installed: this node cannot be a bandwidth probe target (install iperf3)");
            }
        }
        return new ProbeEngine(config, peers, sink, reflector, responder, iperf);
    }

    /** Replaces the running plan (the old scheduler's pending samples are flushed first). */
    public synchronized void apply(NodeProbePlan plan) throws IOException {
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
        scheduler = ProbeScheduler.start(config, plan, resolver, sink);
    }

    public UdpReflector reflector() { return reflector; }

    public HttpProbeResponder responder() { return responder; }

    public synchronized ProbeScheduler scheduler() { return scheduler; }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        reflector.close();
        responder.close();
        if (iperfServer != null) {
            try {
                iperfServer.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

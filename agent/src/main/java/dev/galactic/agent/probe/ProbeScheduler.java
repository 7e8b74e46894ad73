package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.IperfSchedule;
import dev.galactic.core.telemetry.NodeProbePlan;
import dev.galactic.core.telemetry.ProbeTarget;
import dev.galactic.core.telemetry.ProbeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one node's probe plan. One platform timer thread fires probes at their intervals; UDP
 * probes are sent from it directly (a non-blocking send), the blocking ones (TCP, HTTP, ping,
 * iperf3) run on virtual threads, at most one at a time per target so a slow target cannot pile
 * up probes. Each target's first probe is offset within its interval by a hash of the target, so
 * probes to many targets spread out instead of firing together. Samples go through a
 * {@link SampleBatcher} to the {@link SampleSink}.
 *
 * <p>iperf3 runs follow the plan's schedule: a run with offset o in period P starts when the
 * wall clock's epoch time modulo P equals o, the same instant on every agent with a synchronised
 * clock, which is what keeps runs on a node from overlapping.
 */
public final class ProbeScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProbeScheduler.class);

    private final ProbeSchedulerConfig config;
    private final NodeProbePlan plan;
    private final TargetResolver resolver;
    private final SampleBatcher batcher;
    private final ScheduledExecutorService timer;
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private final List<UdpProber> udpProbers = new ArrayList<>();
    private final List<IcmpProber> icmpProbers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Iperf3Runner iperf;
    private volatile boolean running = true;

    private ProbeScheduler(ProbeSchedulerConfig config, NodeProbePlan plan, TargetResolver resolver, SampleSink sink,
                           Iperf3Runner iperf) {
        this.config = config;
        this.plan = plan;
        this.resolver = resolver;
        this.iperf = iperf;
        this.batcher = new SampleBatcher(config.agentId(), SampleBatcher.firstSequenceFrom(config.clock()),
                config.batchMaxSamples(), config.batchMaxDelay().toNanos(), sink);
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("galactic-probe-timer-" + config.agentId()).factory());
    }

    /** Starts probing; close to stop (pending samples are flushed as a last batch). */
    public static ProbeScheduler start(ProbeSchedulerConfig config, NodeProbePlan plan, TargetResolver resolver,
                                       SampleSink sink) throws IOException {
        return start(config, plan, resolver, sink, new Iperf3Runner());
    }

    public static ProbeScheduler start(ProbeSchedulerConfig config, NodeProbePlan plan, TargetResolver resolver,
                                       SampleSink sink, Iperf3Runner iperf) throws IOException {
        if (!plan.node().equals(config.agentId())) {
            throw new IllegalArgumentException("plan of " + plan.node() + " given to agent " + config.agentId());
        }
        ProbeScheduler s = new ProbeScheduler(config, plan, resolver, sink, iperf);
        try {
            s.schedule();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void schedule() throws IOException {
        long flushEvery = Math.max(1_000_000, config.batchMaxDelay().toNanos() / 4);
        tasks.add(timer.scheduleAtFixedRate(this::flushQuietly, flushEvery, flushEvery, TimeUnit.NANOSECONDS));
        for (ProbeTarget t : plan.targets()) {
            switch (t.type()) {
                case UDP -> scheduleUdp(t);
                case TCP -> {
                    InetSocketAddress a = resolver.tcp(t);
                    if (a != null) {
                        TcpConnectProber p = new TcpConnectProber(config.agentId(), t.node(), a, config.requestTimeout(), config.clock());
                        scheduleBlocking(t, () -> batcher.add(p.probe()));
                    }
                }
                case HTTP -> {
                    URI u = resolver.http(t);
                    if (u != null) {
                        HttpProber p = new HttpProber(config.agentId(), t.node(), u, config.requestTimeout(), config.clock());
                        scheduleBlocking(t, () -> batcher.add(p.probe()));
                    }
                }
                case ICMP -> startIcmp(t);
                case IPERF -> { } // from the schedule below
            }
        }
        for (IperfSchedule.Run run : plan.iperfRuns()) {
            ProbeTarget target = plan.targets().stream()
                    .filter(t -> t.type() == ProbeType.IPERF && t.node().equals(run.link().to())).findFirst().orElse(null);
            InetSocketAddress a = target == null ? null : resolver.iperf(target);
            if (a != null) {
                scheduleIperf(run, a);
            }
        }
    }

    private long initialDelay(ProbeTarget t) {
        long interval = t.interval().toNanos();
        return Math.floorMod((t.node() + t.type()).hashCode() * 0x9E3779B97F4A7C15L, interval);
    }

    private void scheduleUdp(ProbeTarget t) throws IOException {
        InetSocketAddress a = resolver.udpReflector(t);
        if (a == null) {
            return;
        }
        UdpProber p = new UdpProber(config.agentId(), t.node(), a, config.udpTimeout(), config.clock(), batcher::add);
        udpProbers.add(p);
        tasks.add(timer.scheduleAtFixedRate(() -> {
            try {
                p.probe();
            } catch (RuntimeException e) {
                log.warn("UDP probe to {} failed: {}", t.node(), e.toString());
            }
        }, initialDelay(t), t.interval().toNanos(), TimeUnit.NANOSECONDS));
    }

    private void scheduleBlocking(ProbeTarget t, Runnable probe) {
        AtomicBoolean inFlight = new AtomicBoolean();
        tasks.add(timer.scheduleAtFixedRate(() -> {
            if (running && inFlight.compareAndSet(false, true)) {
                blocking.submit(() -> {
                    try {
                        probe.run();
                    } catch (RuntimeException e) {
                        log.warn("{} probe to {} failed: {}", t.type(), t.node(), e.toString());
                    } finally {
                        inFlight.set(false);
                    }
                });
            }
        }, initialDelay(t), t.interval().toNanos(), TimeUnit.NANOSECONDS));
    }

    private void startIcmp(ProbeTarget t) {
        String address = resolver.icmp(t);
        if (address == null) {
            return;
        }
        if (IcmpProber.findPing().isEmpty()) {
            log.warn("no ping on PATH: ICMP probes to {} disabled (install iputils-ping)", t.node());
            return;
        }
        IcmpProber p = new IcmpProber(config.agentId(), t.node(), address, t.interval(), config.icmpTimeout(), config.clock());
        icmpProbers.add(p);
        blocking.submit(() -> {
            while (running) {
                try {
                    p.round(config.icmpRoundCount(), batcher::add);
                } catch (IOException e) {
                    log.warn("ping {} failed: {}", address, e.toString());
                    sleepQuietly(t.interval().toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private void scheduleIperf(IperfSchedule.Run run, InetSocketAddress target) {
        long period = plan.iperfPeriod().toNanos();
        long now = config.clock().epochNanos();
        long next = now - Math.floorMod(now, period) + run.startNanos();
        if (next <= now) {
            next += period;
        }
        tasks.add(timer.scheduleAtFixedRate(() -> blocking.submit(() -> {
            try {
                batcher.add(iperf.run(run.link(), target.getHostString(), target.getPort(), run.duration(),
                        config.iperfUdpRateMbps(), config.clock()));
            } catch (IOException e) {
                log.warn("iperf3 {} failed: {}", run.link(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), next - now, period, TimeUnit.NANOSECONDS));
    }

    private void flushQuietly() {
        try {
            batcher.flushIfDue();
        } catch (RuntimeException e) {
            log.warn("sample sink failed: {}", e.toString());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The UDP probers of this plan, one per target. */
    public List<UdpProber> udpProbers() { return List.copyOf(udpProbers); }

    public List<UdpProbeStats> udpStats() {
        return udpProbers.stream().map(UdpProber::stats).toList();
    }

    @Override
    public void close() {
        running = false;
        tasks.forEach(f -> f.cancel(false));
        icmpProbers.forEach(IcmpProber::stop);
        timer.shutdownNow();
        blocking.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            blocking.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        udpProbers.forEach(UdpProber::close);
        batcher.flush();
    }
}

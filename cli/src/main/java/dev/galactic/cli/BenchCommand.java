package dev.galactic.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", description = "Benchmarks that print figures and a baseline measured in the same run.",
        subcommands = {BenchCommand.Ingest.class, BenchCommand.PceBenchmark.class, BenchCommand.Apply.class, BenchCommand.Datapath.class, BenchCommand.Reroute.class})
final class BenchCommand {

    @Command(name = "pce", description = "Path computation for scenarios S, M and L, against a JGraphT baseline in the same run.")
    static final class PceBenchmark implements Runnable {
        @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "SCENARIO", defaultValue = "S", description = "S (default), M or L")
        String scenario;

        @Override
        public void run() {
            dev.galactic.bench.PceBench.run(scenario, System.out);
        }
    }

    @Command(name = "ingest", description = "Samples per second through validation and aggregation in process, then end to end "
            + "through the agent connection on loopback; memory per link.")
    static final class Ingest implements Runnable {
        @Override
        public void run() {
            dev.galactic.bench.IngestBench.run(System.out);
            dev.galactic.bench.LoopbackIngestBench.run(System.out, dev.galactic.bench.LoopbackIngestBench.Options.DEFAULTS);
        }
    }

    @Command(name = "apply", description = "The linux driver applying a NodeConfig with many routes from scratch, then one-route changes, "
            + "against a plain ip -batch of the same routes (root: uses a network namespace of its own).")
    static final class Apply implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--routes", defaultValue = "10000", description = "remote prefixes in the config (default ${DEFAULT-VALUE})")
        int routes;
        @picocli.CommandLine.Option(names = "--changes", defaultValue = "50", description = "one-route changes to time (default ${DEFAULT-VALUE})")
        int changes;
        @picocli.CommandLine.Option(names = "--dataplane", defaultValue = "AUTO", description = "the linux driver's mechanism: AUTO (what the kernel has), EBPF or SEG6 (default ${DEFAULT-VALUE})")
        dev.galactic.agent.driver.linux.LinuxDriver.Choice dataplane;

        @Override
        public Integer call() throws Exception {
            LabCommand.requireRoot();
            dev.galactic.bench.ApplyBench.run(System.out, new dev.galactic.bench.ApplyBench.Options(routes, changes, dataplane));
            return ExitCode.OK;
        }
    }

    @Command(name = "datapath", description = "The linux driver's SRv6 data plane with iperf3 (TCP and UDP) from site to site through "
            + "two edges and a core, against plain forwarding over the same hops in the same run (root: namespaces of its own).")
    static final class Datapath implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--seconds", defaultValue = "5", description = "length of each iperf3 run (default ${DEFAULT-VALUE})")
        int seconds;
        @picocli.CommandLine.Option(names = "--runs", defaultValue = "3", description = "runs of each kind and path (default ${DEFAULT-VALUE})")
        int runs;
        @picocli.CommandLine.Option(names = "--dataplane", defaultValue = "AUTO", description = "the linux driver's mechanism: AUTO, EBPF or SEG6 (default ${DEFAULT-VALUE})")
        dev.galactic.agent.driver.linux.LinuxDriver.Choice dataplane;

        @Override
        public Integer call() throws Exception {
            LabCommand.requireRoot();
            dev.galactic.bench.DatapathBench.run(System.out, new dev.galactic.bench.DatapathBench.Options(seconds, runs, dataplane));
            return ExitCode.OK;
        }
    }

    @Command(name = "reroute", description = "Reroute times with real packets: builds the closed-loop lab, then runs N trials of each of "
            + "loss, delay and cut, and prints median and p95 time from impairment to traffic on the new path, and packets lost (root).")
    static final class Reroute implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--trials", defaultValue = "20", description = "trials of each kind (default ${DEFAULT-VALUE})")
        int trials;
        @picocli.CommandLine.Option(names = {"-f", "--file"}, defaultValue = "lab/topologies/closed-loop.yaml", description = "the topology (default ${DEFAULT-VALUE})")
        java.nio.file.Path file;

        @Override
        public Integer call() throws Exception {
            LabCommand.requireRoot();
            if (trials < 1) throw new ApiClient.Failure(ExitCode.USAGE, "--trials must be at least 1", null);
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("galactic-bench-reroute");
            var progress = new dev.galactic.lab.Progress(System.out);
            // Ctrl-C must not leave namespaces and daemons behind
            Thread cleanup = new Thread(() -> {
                try {
                    dev.galactic.lab.Lab.down(dir, progress);
                } catch (Exception e) {
                    System.err.println("bench reroute: could not remove the lab; run: galactic lab down --work-dir " + dir);
                }
            });
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                // a short hold-down and window: each trial must wait for its tenant to come back
                java.time.Duration holdDown = java.time.Duration.ofSeconds(5);
                dev.galactic.lab.Lab.up(file, dir, progress, dev.galactic.lab.Lab.Options.full(dev.galactic.lab.ClosedLoopScript.controllerArgs(
                        holdDown, java.time.Duration.ofSeconds(6))));
                System.out.println("waiting one link window (6 s): probes lost while the lab started must not count");
                Thread.sleep(6_000);
                java.util.List<dev.galactic.lab.Reroute.Trial> done = new java.util.ArrayList<>();
                try (var r = dev.galactic.lab.Reroute.open(dir)) {
                    var script = new dev.galactic.lab.ClosedLoopScript(r, System.out, holdDown);
                    for (int i = 1; i <= trials; i++) {
                        for (var step : dev.galactic.lab.ClosedLoopScript.STEPS) {
                            var t = script.run(step, false);
                            done.add(t);
                            System.out.printf(java.util.Locale.ROOT, "trial %d/%d %-5s %s: %s, lost %d of %d (%s; %s ⇒ %s)%n", i, trials, step.kind().name().toLowerCase(java.util.Locale.ROOT),
                                    step.tenant(), t.moved() ? Math.round(t.seconds() * 1000) + " ms" : "did not move", t.lost(), t.sent(), t.milestones(),
                                    String.join(" ", t.before()), String.join(" ", t.after()));
                        }
                    }
                }
                System.out.println();
                System.out.println("Reroute, closed-loop lab, UDP probes every 100 ms, stream of " + dev.galactic.lab.Reroute.STREAM_RATE + " packets/s"
                        + " (time: impairment applied by the link emulator -> first stream packet at a core of the new path, tcpdump timestamps)");
                dev.galactic.lab.ClosedLoopScript.summarise(System.out, done);
                System.out.println("targets: loss and cut p95 < 1000 ms; delay p95 < 3000 ms with 0 packets lost");
            } finally {
                Runtime.getRuntime().removeShutdownHook(cleanup);
                dev.galactic.lab.Lab.down(dir, progress);
            }
            return ExitCode.OK;
        }
    }
}

package dev.galactic.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", description = "Benchmarks that print figures and a baseline measured in the same run.",
        subcommands = {BenchCommand.Ingest.class, BenchCommand.PceBenchmark.class, BenchCommand.Apply.class})
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
            dev.galactic.agent.bench.IngestBench.run(System.out);
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

        @Override
        public Integer call() throws Exception {
            LabCommand.requireRoot();
            dev.galactic.agent.bench.ApplyBench.run(System.out, new dev.galactic.agent.bench.ApplyBench.Options(routes, changes));
            return ExitCode.OK;
        }
    }
}

package dev.galactic.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", description = "Benchmarks that print figures and a baseline measured in the same run.",
        subcommands = {BenchCommand.Ingest.class, BenchCommand.PceBenchmark.class})
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
}

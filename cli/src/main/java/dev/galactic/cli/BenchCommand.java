package dev.galactic.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", description = "Benchmarks that print figures and a baseline measured in the same run.",
        subcommands = {BenchCommand.Ingest.class})
final class BenchCommand {

    @Command(name = "ingest", description = "Samples per second through validation and aggregation, and memory per link.")
    static final class Ingest implements Runnable {
        @Override
        public void run() {
            dev.galactic.agent.bench.IngestBench.run(System.out);
        }
    }
}

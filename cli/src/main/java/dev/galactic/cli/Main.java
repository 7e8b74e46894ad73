package dev.galactic.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The galactic command. */
@Command(name = "galactic", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Galactic VPC: an SLA-aware SRv6 backbone, as code.",
        subcommands = {DemoCommand.class, ControllerCommand.class, AgentCommand.class, ApplyCommand.class, DiffCommand.class,
                GetCommand.class, DeleteCommand.class, TokenCommand.class, WhoamiCommand.class, PathsCommand.class, RoutesCommand.class, EventsCommand.class, PceCommand.class, ImportCommand.class, LabCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 diff found changes, 2 bad usage, 3 refused by the server, 4 not found, 5 server unreachable or failing."})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ApiClient.Failure f) {
                cmd.getErr().println("error: " + f.getMessage());
                Output.printProblemFields(cmd.getErr(), f.problem());
                return f.exitCode();
            }
            throw ex;
        });
        cl.setExitCodeExceptionMapper(ex -> ex instanceof ApiClient.Failure f ? f.exitCode() : ExitCode.USAGE);
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"galactic " + dev.galactic.controller.Controller.version()};
        }
    }
}

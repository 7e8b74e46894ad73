package dev.galactic.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;

/**
 * The galactic command. Its attributes are inherited (scope INHERIT): every subcommand, to any
 * depth, gets -h/--help and -V too, so a command added later cannot lack them.
 */
@Command(name = "galactic", scope = CommandLine.ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Galactic VPC: an SLA-aware SRv6 backbone, as code.",
        subcommands = {DemoCommand.class, ControllerCommand.class, AgentCommand.class, ApplyCommand.class, DiffCommand.class,
                GetCommand.class, DeleteCommand.class, TokenCommand.class, WhoamiCommand.class, PathsCommand.class, RoutesCommand.class, EventsCommand.class, PceCommand.class, ImportCommand.class, LabCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 diff found changes, 2 bad usage, 3 refused by the server, 4 not found, 5 server unreachable or failing, or an unexpected failure."})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(new OutputStreamWriter(System.out, System.out.charset()), true),
                new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()), true), args));
    }

    /**
     * Runs one command line with its output on {@code out} and {@code err}, the one way every
     * command's output leaves: all of it is flushed before this returns, because main exits
     * right after and whatever sat in a buffer (a last YAML document printed without a
     * newline, into a pipe) would be lost. System.out and System.err are flushed too, for the
     * lab and bench code that writes to a PrintStream.
     */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
            System.out.flush();
            System.err.flush();
        }
    }

    /** The command tree, whose errors are one line that says what to do next and an exit code. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            ApiClient.Failure f = Failures.explain(ex);
            cmd.getErr().println("error: " + f.getMessage());
            Output.printProblemFields(cmd.getErr(), f.problem());
            return f.exitCode();
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"galactic " + dev.galactic.controller.Controller.version()};
        }
    }
}

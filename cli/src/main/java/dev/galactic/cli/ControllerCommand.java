package dev.galactic.cli;

import dev.galactic.controller.Controller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "controller", description = "Run the controller (API, store) until stopped.")
final class ControllerCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Controller c = Controller.start(server.config("controller"), List.of());
        PrintWriter out = spec.commandLine().getOut();
        out.println("Galactic controller on " + c.url() + " (" + c.database().description() + ")");
        if (c.newAdminToken() != null) {
            out.println("First start: an operator token was written to " + c.config().adminTokenFile().toAbsolutePath());
            out.println("  export GALACTIC_TOKEN=$(cat " + c.config().adminTokenFile().toAbsolutePath() + ")");
        }
        out.flush();
        blockUntilStopped(c);
        return ExitCode.OK;
    }

    static void blockUntilStopped(AutoCloseable c) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                c.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
            stopped.countDown();
        }, "galactic-shutdown"));
        stopped.await();
    }
}

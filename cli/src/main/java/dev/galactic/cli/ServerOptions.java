package dev.galactic.cli;

import dev.galactic.controller.ControllerConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options of the commands that run a controller. */
final class ServerOptions {

    @Option(names = "--host", description = "address to listen on (default ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
    String host;

    @Option(names = {"-p", "--port"}, description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one)", defaultValue = "8080")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the embedded database and the admin token file live")
    Path dataDir;

    @Option(names = "--database-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL for production, like jdbc:postgresql://db:5432/galactic (env GALACTIC_DATABASE_URL); default: embedded SQLite in the data dir")
    String databaseUrl;

    @Option(names = "--database-user", description = "env GALACTIC_DATABASE_USER")
    String databaseUser;

    @Option(names = "--max-body", paramLabel = "BYTES", description = "largest request body accepted (default ${DEFAULT-VALUE})", defaultValue = "4194304")
    long maxBody;

    @Option(names = "--hold-down", paramLabel = "SECONDS", defaultValue = "30",
            description = "after a tenant's path moved, how long a merely better path waits before traffic moves again (default ${DEFAULT-VALUE}); a broken path is always left at once")
    double holdDownSeconds;

    @Option(names = "--link-window", paramLabel = "SECONDS", defaultValue = "60",
            description = "how much probe history a link's loss and RTT percentiles cover (default ${DEFAULT-VALUE}); shorter forgets a loss burst sooner")
    double linkWindowSeconds;

    @Option(names = "--webhook-allow", paramLabel = "CIDR", split = ",",
            description = "internal addresses (loopback, link-local, private) tenants' webhooks may reach, like 10.20.0.0/16; none by default")
    java.util.List<String> webhookAllow = new java.util.ArrayList<>();

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    ControllerConfig config(String defaultDir) {
        if (holdDownSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--hold-down must be 0 or more seconds, not " + holdDownSeconds);
        }
        if (linkWindowSeconds < 6) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--link-window must be at least 6 seconds (6 slots of 1 s), not " + linkWindowSeconds);
        }
        dev.galactic.core.model.WebhookTargets targets;
        try {
            targets = dev.galactic.core.model.WebhookTargets.parse(webhookAllow);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--webhook-allow: " + e.getMessage());
        }
        Path dir = dataDir != null ? dataDir : Launch.dataRoot().resolve(defaultDir);
        String url = databaseUrl != null ? databaseUrl : System.getenv("GALACTIC_DATABASE_URL");
        String user = databaseUser != null ? databaseUser : System.getenv("GALACTIC_DATABASE_USER");
        // a password never goes on the command line, where ps shows it to everyone
        String password = System.getenv("GALACTIC_DATABASE_PASSWORD");
        return new ControllerConfig(host, port, dir, url, user, password, maxBody, false,
                dev.galactic.controller.webhooks.WebhookDispatcher.Retry.DEFAULTS, java.time.Duration.ofMinutes(1),
                dev.galactic.core.sla.SlaMonitorConfig.DEFAULTS,
                new dev.galactic.core.pce.PathGovernor.Config(dev.galactic.core.metric.Hysteresis.ROUTING, (long) (holdDownSeconds * 1e9)),
                java.time.Duration.ofMillis((long) (linkWindowSeconds * 1000)), targets);
    }
}

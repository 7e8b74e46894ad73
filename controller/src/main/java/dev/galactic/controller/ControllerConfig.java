package dev.galactic.controller;

import dev.galactic.controller.webhooks.WebhookDispatcher;
import dev.galactic.core.model.WebhookTargets;

import java.nio.file.Path;

/**
 * How to run a controller.
 *
 * @param host address to listen on (localhost by default: expose it deliberately)
 * @param port HTTP port; 0 picks a free one
 * @param dataDir where the embedded database and the admin token file live
 * @param databaseUrl a jdbc:postgresql URL for production; null for the embedded SQLite file
 * @param maxBodyBytes the largest request body accepted (413 beyond)
 * @param simulateTelemetry make samples from a model instead of waiting for agents (demo, tests)
 * @param webhookRetry how often and how patiently webhook deliveries are retried
 * @param telemetryRollup how often link states are written to the telemetry history
 * @param sla when violations open and close, and how compliance history is bucketed
 * @param routing when a computed path replaces the one in force: hysteresis margin and hold-down
 * @param linkWindow how much probe history a link's loss (and its RTT percentiles) covers: a
 *                   shorter window forgets a past loss burst sooner
 * @param webhookTargets the internal ranges (loopback, link-local, private) tenants' webhooks may
 *                       reach; none by default
 */
public record ControllerConfig(String host, int port, Path dataDir, String databaseUrl, String databaseUser,
                               String databasePassword, long maxBodyBytes, boolean simulateTelemetry,
                               WebhookDispatcher.Retry webhookRetry, java.time.Duration telemetryRollup,
                               dev.galactic.core.sla.SlaMonitorConfig sla, dev.galactic.core.pce.PathGovernor.Config routing,
                               java.time.Duration linkWindow, WebhookTargets webhookTargets) {

    public static final long DEFAULT_MAX_BODY = 4L * 1024 * 1024;
    public static final java.time.Duration DEFAULT_LINK_WINDOW =
            java.time.Duration.ofNanos(dev.galactic.core.telemetry.WindowConfig.DEFAULTS.windowNanos());

    /** The settings without a routing policy: the default hysteresis and hold-down. */
    public ControllerConfig(String host, int port, Path dataDir, String databaseUrl, String databaseUser,
                            String databasePassword, long maxBodyBytes, boolean simulateTelemetry,
                            WebhookDispatcher.Retry webhookRetry, java.time.Duration telemetryRollup,
                            dev.galactic.core.sla.SlaMonitorConfig sla) {
        this(host, port, dataDir, databaseUrl, databaseUser, databasePassword, maxBodyBytes, simulateTelemetry, webhookRetry, telemetryRollup, sla,
                dev.galactic.core.pce.PathGovernor.Config.DEFAULTS, DEFAULT_LINK_WINDOW, WebhookTargets.DEFAULT);
    }

    public static ControllerConfig embedded(Path dataDir, int port) {
        return new ControllerConfig("127.0.0.1", port, dataDir, null, null, null, DEFAULT_MAX_BODY, false, WebhookDispatcher.Retry.DEFAULTS,
                java.time.Duration.ofMinutes(1), dev.galactic.core.sla.SlaMonitorConfig.DEFAULTS);
    }

    public ControllerConfig withDatabase(String url, String user, String password) {
        return new ControllerConfig(host, port, dataDir, url, user, password, maxBodyBytes, simulateTelemetry, webhookRetry, telemetryRollup, sla, routing, linkWindow, webhookTargets);
    }

    public ControllerConfig withMaxBodyBytes(long bytes) {
        return new ControllerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, bytes, simulateTelemetry, webhookRetry, telemetryRollup, sla, routing, linkWindow, webhookTargets);
    }

    public ControllerConfig withSimulatedTelemetry(boolean on) {
        return new ControllerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, maxBodyBytes, on, webhookRetry, telemetryRollup, sla, routing, linkWindow, webhookTargets);
    }

    public ControllerConfig withWebhookRetry(WebhookDispatcher.Retry retry) {
        return new ControllerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, maxBodyBytes, simulateTelemetry, retry, telemetryRollup, sla, routing, linkWindow, webhookTargets);
    }

    public ControllerConfig withTelemetryRollup(java.time.Duration every) {
        return new ControllerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, maxBodyBytes, simulateTelemetry,
                webhookRetry, every, sla, routing, linkWindow, webhookTargets);
    }

    public ControllerConfig withSla(dev.galactic.core.sla.SlaMonitorConfig monitor) {
        return new ControllerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, maxBodyBytes, simulateTelemetry,
                webhookRetry, telemetryRollup, monitor, routing, linkWindow, webhookTargets);
    }

    public ControllerConfig withRouting(dev.galactic.core.pce.PathGovernor.Config policy) {
        return new ControllerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, maxBodyBytes, simulateTelemetry,
                webhookRetry, telemetryRollup, sla, policy, linkWindow, webhookTargets);
    }

    public ControllerConfig withLinkWindow(java.time.Duration window) {
        return new ControllerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, maxBodyBytes, simulateTelemetry,
                webhookRetry, telemetryRollup, sla, routing, window, webhookTargets);
    }

    public ControllerConfig withWebhookTargets(WebhookTargets targets) {
        return new ControllerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, maxBodyBytes, simulateTelemetry,
                webhookRetry, telemetryRollup, sla, routing, linkWindow, targets);
    }

    public Path adminTokenFile() { return dataDir.resolve("admin-token"); }
}

package dev.galactic.agent;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.DoubleSupplier;

/** The agent's Prometheus metrics: its connection, what it sent and dropped, the config in force. */
final class AgentMetrics {

    final PrometheusRegistry registry = new PrometheusRegistry();
    final Counter batchesSent;
    final Counter samplesSent;
    final Counter batchesDropped;
    final Counter configErrors;
    final Counter failovers;

    AgentMetrics(DoubleSupplier connected, DoubleSupplier configVersion, DoubleSupplier queued, DoubleSupplier targets) {
        JvmMetrics.builder().register(registry);
        batchesSent = Counter.builder().name("galactic_agent_batches_sent_total").help("Sample batches sent to the controller").register(registry);
        samplesSent = Counter.builder().name("galactic_agent_samples_sent_total").help("Probe samples sent to the controller").register(registry);
        batchesDropped = Counter.builder().name("galactic_agent_batches_dropped_total")
                .help("Batches dropped because the controller was away longer than the outbox holds").register(registry);
        configErrors = Counter.builder().name("galactic_agent_config_errors_total").help("Configs the driver could not apply").register(registry);
        failovers = Counter.builder().name("galactic_agent_failovers_total")
                .help("Times the set of dead uplinks changed and routes were switched to (or back from) their backup paths").register(registry);
        GaugeWithCallback.builder().name("galactic_agent_connected").help("1 while the controller has accepted this agent")
                .callback(cb -> cb.call(connected.getAsDouble())).register(registry);
        GaugeWithCallback.builder().name("galactic_agent_config_version").help("Version of the node config in force (0: none yet)")
                .callback(cb -> cb.call(configVersion.getAsDouble())).register(registry);
        GaugeWithCallback.builder().name("galactic_agent_outbox_batches").help("Batches waiting to be sent")
                .callback(cb -> cb.call(queued.getAsDouble())).register(registry);
        GaugeWithCallback.builder().name("galactic_agent_probe_targets").help("Probe targets in the plan in force")
                .callback(cb -> cb.call(targets.getAsDouble())).register(registry);
    }

    String scrape() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(buf, registry.scrape(), io.prometheus.metrics.config.EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}

package dev.galactic.controller.metrics;

import dev.galactic.controller.ResourceService;
import dev.galactic.controller.events.EventHub;
import dev.galactic.core.model.Caller;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.Resource;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The controller's Prometheus metrics, in its own registry (several controllers may share a
 * JVM in tests). Series with a {@code tenant} label are shown only to a scrape authorised for
 * that tenant (or the operator); an anonymous scrape sees the rest.
 */
public final class ControllerMetrics {

    public static final String TENANT_LABEL = "tenant";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram requestSeconds;
    private final Counter applies;

    public ControllerMetrics(ResourceService resources, EventHub events) {
        JvmMetrics.builder().register(registry);
        requests = Counter.builder().name("galactic_api_requests_total")
                .help("HTTP API requests by route template and status").labelNames("method", "route", "status").register(registry);
        requestSeconds = Histogram.builder().name("galactic_api_request_duration_seconds").unit(Unit.SECONDS)
                .help("HTTP API request handling time").labelNames("method", "route")
                .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5).register(registry);
        applies = Counter.builder().name("galactic_apply_batches_total")
                .help("Batches applied or deleted, by outcome").labelNames("outcome").register(registry);
        // anyone may scrape without a token: totals over tenants (even how many there are) would
        // tell strangers about the customers, so they exist only per tenant, under its label
        GaugeWithCallback.builder().name("galactic_resources").help("The backbone's resources by kind (tenants' are in galactic_tenant_resources)")
                .labelNames("kind").callback(cb -> {
                    Map<Kind, Integer> n = new TreeMap<>();
                    resources.image().all().stream().filter(r -> owner(r) == null).forEach(r -> n.merge(r.kind(), 1, Integer::sum));
                    for (Kind k : Kind.values()) if (k.scope() != Kind.Scope.TENANT && k != Kind.TENANT) cb.call(n.getOrDefault(k, 0), k.wireName());
                }).register(registry);
        GaugeWithCallback.builder().name("galactic_tenant_resources").help("A tenant's resources by kind (kind Tenant: the tenant itself)")
                .labelNames(TENANT_LABEL, "kind").callback(cb -> {
                    Map<String, Integer> n = new TreeMap<>();
                    for (Resource r : resources.image().all()) {
                        String t = owner(r);
                        if (t != null) n.merge(t + "\u0000" + r.kind().wireName(), 1, Integer::sum);
                    }
                    n.forEach((k, v) -> cb.call(v, k.substring(0, k.indexOf('\u0000')), k.substring(k.indexOf('\u0000') + 1)));
                }).register(registry);
        GaugeWithCallback.builder().name("galactic_event_subscribers").help("Live event stream subscribers")
                .callback(cb -> cb.call(events.subscribers())).register(registry);
    }

    /** The tenant a resource tells of: its own, or itself for a Tenant; null for the backbone's. */
    private static String owner(Resource r) {
        return r.kind() == Kind.TENANT ? r.name() : r.tenant();
    }

    public PrometheusRegistry registry() { return registry; }

    public void request(String method, String route, int status, double seconds) {
        requests.labelValues(method, route, Integer.toString(status)).inc();
        requestSeconds.labelValues(method, route).observe(seconds);
    }

    public void apply(String outcome) {
        applies.labelValues(outcome).inc();
    }

    /** The text exposition a caller may see (null: an anonymous scrape). */
    public String scrape(Caller caller) {
        Predicate<String> tenantVisible = switch (caller) {
            case null -> t -> false;
            case Caller.Operator o -> t -> true;
            case Caller.TenantMember m -> t -> m.tenant().equals(t);
        };
        boolean includeUntenanted = !(caller instanceof Caller.TenantMember);
        List<MetricSnapshot> out = new ArrayList<>();
        for (MetricSnapshot s : registry.scrape()) {
            MetricSnapshot f = filter(s, p -> {
                String t = p.getLabels().get(TENANT_LABEL);
                return t == null ? includeUntenanted : tenantVisible.test(t);
            });
            if (f != null) out.add(f);
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(buf, new MetricSnapshots(out), io.prometheus.metrics.config.EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The snapshot with only the data points kept; null when none is left. */
    @SuppressWarnings("unchecked")
    private static MetricSnapshot filter(MetricSnapshot s, Predicate<DataPointSnapshot> keep) {
        if (s.getDataPoints().stream().allMatch(keep)) return s;
        List<? extends DataPointSnapshot> kept = s.getDataPoints().stream().filter(keep).toList();
        if (kept.isEmpty()) return null;
        return switch (s) {
            case CounterSnapshot c -> new CounterSnapshot(c.getMetadata(), (List<CounterSnapshot.CounterDataPointSnapshot>) kept);
            case GaugeSnapshot g -> new GaugeSnapshot(g.getMetadata(), (List<GaugeSnapshot.GaugeDataPointSnapshot>) kept);
            case HistogramSnapshot h -> new HistogramSnapshot(h.getMetadata(), (List<HistogramSnapshot.HistogramDataPointSnapshot>) kept);
            // other types carry no tenant label today; drop rather than risk leaking one
            default -> null;
        };
    }
}

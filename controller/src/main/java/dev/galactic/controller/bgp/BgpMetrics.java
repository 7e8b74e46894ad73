package dev.galactic.controller.bgp;

import dev.galactic.controller.metrics.ControllerMetrics;
import dev.galactic.core.bgp.RouteDecision;
import dev.galactic.core.bgp.RoutePolicy;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.Map;
import java.util.TreeMap;

/** Sessions and prefixes per tenant attachment, read from the route service at scrape time. */
public final class BgpMetrics {

    private BgpMetrics() {
    }

    public static void register(PrometheusRegistry registry, RouteService routes) {
        String t = ControllerMetrics.TENANT_LABEL;
        GaugeWithCallback.builder().name("galactic_bgp_session_up").help("1 when the attachment's BGP session is established, else 0")
                .labelNames(t, "attachment", "node").callback(cb -> routes.sessions().forEach((k, s) ->
                        cb.call(s.state().up() ? 1 : 0, k.tenant(), k.name(), s.node()))).register(registry);
        GaugeWithCallback.builder().name("galactic_bgp_prefixes_received").help("Prefixes the attachment's session received")
                .labelNames(t, "attachment").callback(cb -> routes.sessions().forEach((k, s) ->
                        cb.call(s.received().size(), k.tenant(), k.name()))).register(registry);
        GaugeWithCallback.builder().name("galactic_bgp_prefixes_accepted").help("Learned prefixes accepted into the VPC")
                .labelNames(t, "attachment").callback(cb -> routes.results().forEach((k, r) ->
                        cb.call(r.acceptedPrefixes().size(), k.tenant(), k.name()))).register(registry);
        GaugeWithCallback.builder().name("galactic_bgp_prefixes_rejected").help("Learned prefixes rejected, by reason")
                .labelNames(t, "attachment", "reason").callback(cb -> routes.results().forEach((k, r) ->
                        rejected(r).forEach((reason, n) -> cb.call(n, k.tenant(), k.name(), reason)))).register(registry);
    }

    private static Map<String, Integer> rejected(RoutePolicy.Result r) {
        Map<String, Integer> n = new TreeMap<>();
        for (RouteDecision d : r.decisions()) if (d instanceof RouteDecision.Rejected x) n.merge(x.reason().name(), 1, Integer::sum);
        return n;
    }
}

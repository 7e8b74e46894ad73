package dev.galactic.controller.render;

import dev.galactic.controller.events.EventHub;
import dev.galactic.controller.sid.SidService;
import dev.galactic.controller.store.NodeConfigStore;
import dev.galactic.controller.store.NodePublicKeyStore;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.render.NodeConfig;
import dev.galactic.core.render.Renderer;
import dev.galactic.core.render.TenantPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Renders every node's desired config from the intent, the SID plan and the computed paths;
 * gives a node a new version only when its config's hash changes, persists it, and tells
 * listeners (the agent sessions push it). Tracks what each agent reports as applied.
 */
public final class ConfigService {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigService.class);

    /** A node's desired config, versioned. */
    public record Versioned(long version, String hash, NodeConfig config) {
    }

    /** What the node's agent last reported. */
    public record Applied(long version, String hash, String driver, String error, java.time.Instant at) {
    }

    private final NodeConfigStore storedConfigs;
    private final NodePublicKeyStore storedKeys;
    private final SidService sids;
    private final EventHub events;
    private final Clock clock;
    private final Map<String, Versioned> desired = new ConcurrentHashMap<>();
    private final Map<String, Applied> applied = new ConcurrentHashMap<>();
    private final List<Versioned> newVersions = new java.util.ArrayList<>();
    private volatile List<TenantPath> paths = List.of();
    private volatile Map<String, String> publicKeys = Map.of();
    private volatile Map<dev.galactic.core.model.ResourceKey, Renderer.Learned> learned = Map.of();

    public ConfigService(NodeConfigStore storedConfigs, NodePublicKeyStore storedKeys, SidService sids, EventHub events, Clock clock) {
        this.storedConfigs = storedConfigs;
        this.storedKeys = storedKeys;
        this.sids = sids;
        this.events = events;
        this.clock = clock;
        storedConfigs.all().forEach(c -> desired.put(c.config().node(), new Versioned(c.version(), c.hash(), c.config())));
        Map<String, String> known = new java.util.TreeMap<>();
        storedKeys.all().forEach(k -> known.put(k.node(), k.publicKey()));
        publicKeys = Map.copyOf(known);
    }

    /** The versions rendered since the last call, in order, for the agent sessions to push. */
    public synchronized List<Versioned> takeNew() {
        List<Versioned> out = List.copyOf(newVersions);
        newVersions.clear();
        return out;
    }

    public Optional<Versioned> desired(String node) { return Optional.ofNullable(desired.get(node)); }

    public Optional<Applied> applied(String node) { return Optional.ofNullable(applied.get(node)); }

    /** New paths from the path computation; re-renders. */
    public void paths(List<TenantPath> computed, ResourceImage image) {
        this.paths = List.copyOf(computed);
        render(image);
    }

    /** What the sites' BGP sessions brought, as the route service accepted it; re-renders. */
    public void learned(Map<dev.galactic.core.model.ResourceKey, Renderer.Learned> accepted, ResourceImage image) {
        this.learned = Map.copyOf(accepted);
        render(image);
    }

    /** A WireGuard public key an agent reported; stored, and the node's peers re-rendered when it changed. */
    public synchronized void publicKey(String node, String key, ResourceImage image) {
        if (!key.matches("[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=")) {
            LOG.warn("agent {} reported a malformed WireGuard public key; ignored", node);
            return;
        }
        Map<String, String> next = new java.util.TreeMap<>(publicKeys);
        if (key.equals(next.put(node, key))) return;
        storedKeys.save(new NodePublicKeyStore.NodePublicKey(node, key, clock.instant()));
        publicKeys = Map.copyOf(next);
        render(image);
    }

    public synchronized void render(ResourceImage image) {
        long start = System.nanoTime();
        SidService.Plan plan = sids.plan();
        Map<String, NodeConfig> rendered;
        try {
            rendered = Renderer.render(new Renderer.Input(image, plan.locators(), plan.tenantIds(), plan.vpcIds(), paths, publicKeys, learned));
        } catch (RuntimeException e) {
            LOG.error("rendering failed; nodes keep their current config", e);
            return;
        }
        long renderedAt = System.nanoTime();
        List<String> changed = new java.util.ArrayList<>();
        for (NodeConfig c : rendered.values()) {
            String hash = c.hash();
            Versioned old = desired.get(c.node());
            if (old != null && old.hash().equals(hash)) continue;
            Versioned v = new Versioned(old == null ? 1 : old.version() + 1, hash, c);
            storedConfigs.save(new NodeConfigStore.StoredConfig(v.version(), v.hash(), c), clock.instant());
            desired.put(c.node(), v);
            newVersions.add(v);
            changed.add(c.node() + " v" + v.version());
        }
        desired.keySet().retainAll(rendered.keySet());
        if (!changed.isEmpty()) {
            LOG.info("new configs for {} (rendered in {} ms, stored and pushed in {} ms)", changed,
                    (renderedAt - start) / 1_000_000, (System.nanoTime() - renderedAt) / 1_000_000);
        }
    }

    /** Adds the node's config versions to its status: how far the node has caught up with the intent. */
    public dev.galactic.core.model.Resource decorate(dev.galactic.core.model.Resource r) {
        if (r.kind() != dev.galactic.core.model.Kind.NODE) return r;
        Versioned d = desired.get(r.name());
        if (d == null) return r;
        var s = r.status() instanceof com.fasterxml.jackson.databind.node.ObjectNode o ? o.deepCopy() : ResourceCodec.json().createObjectNode();
        var c = s.putObject("config").put("desiredVersion", d.version()).put("hash", d.hash());
        Applied a = applied.get(r.name());
        if (a != null) {
            c.put("appliedVersion", a.version()).put("driver", a.driver()).put("reportedAt", a.at().toString());
            if (a.error() != null) c.put("error", a.error());
        }
        c.put("inSync", a != null && a.error() == null && a.hash().equals(d.hash()));
        return r.withStatus(s);
    }

    /** The agent's report; an error is an event, since the node keeps its previous config. */
    public void reportApplied(String node, long version, String hash, String driver, String error) {
        applied.put(node, new Applied(version, hash, driver, error, clock.instant()));
        if (error != null) {
            events.publish(new dev.galactic.controller.events.EventBody.ConfigRefused(node, version, error));
        }
    }
}

package dev.galactic.controller.render;

import dev.galactic.controller.events.EventHub;
import dev.galactic.controller.loop.Publisher;
import dev.galactic.controller.store.NodeConfigStore;
import dev.galactic.controller.store.NodePublicKeyStore;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.image.NetworkImage;
import dev.galactic.core.image.NodeReport;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.sid.SidPlan;
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

/**
 * The loop's render publisher: renders every node's desired config from the image (intent, SID
 * plan, nodes' keys), the paths the path publisher programmed and the routes the BGP publisher
 * accepted, once per step in which any of them changed; gives a node a new version only when its
 * config's hash changes and persists it; keeps the nodes' reported keys in the store for the next
 * start; and tracks what each agent reports as applied. The push-configs publisher sends the new
 * versions ({@link #takeNew}).
 */
public final class ConfigService implements Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigService.class);

    /** A node's desired config, versioned. */
    public record Versioned(long version, String hash, NodeConfig config) {
    }

    /** What the node's agent last reported. */
    public record Applied(long version, String hash, String driver, String error, java.time.Instant at) {
    }

    /** What a render is made of, besides the image: the paths in force and the accepted learned routes. */
    public interface Inputs {
        List<TenantPath> paths();

        Map<ResourceKey, Renderer.Learned> learned();
    }

    private final NodeConfigStore storedConfigs;
    private final NodePublicKeyStore storedKeys;
    private final EventHub events;
    private final Clock clock;
    private final Inputs inputs;
    private final Map<String, Versioned> desired = new ConcurrentHashMap<>();
    private final Map<String, Applied> applied = new ConcurrentHashMap<>();
    private final List<Versioned> newVersions = new java.util.ArrayList<>();
    /** The keys the store holds. */
    private Map<String, String> savedKeys;
    /** What the last render was made of: a step that changes none of it renders nothing. */
    private List<Object> renderedFrom = List.of();

    public ConfigService(NodeConfigStore storedConfigs, NodePublicKeyStore storedKeys, EventHub events, Clock clock, Inputs inputs) {
        this.storedConfigs = storedConfigs;
        this.storedKeys = storedKeys;
        this.events = events;
        this.clock = clock;
        this.inputs = inputs;
        storedConfigs.all().forEach(c -> desired.put(c.config().node(), new Versioned(c.version(), c.hash(), c.config())));
        this.savedKeys = storedKeys(storedKeys);
    }

    /** The keys a previous run stored, for the image the loop starts from. */
    public static Map<String, String> storedKeys(NodePublicKeyStore store) {
        Map<String, String> known = new java.util.TreeMap<>();
        store.all().forEach(k -> known.put(k.node(), k.publicKey()));
        return Map.copyOf(known);
    }

    @Override
    public String name() { return "render"; }

    @Override
    public void publish(NetworkDelta delta, NetworkImage image) {
        for (var a : delta.reports(NodeReport.ConfigApplied.class)) reportApplied(a.node(), a.version(), a.hash(), a.driver(), a.error());
        for (var k : delta.reports(NodeReport.KeyReported.class)) {
            if (!k.wellFormed()) LOG.warn("agent {} reported a malformed WireGuard public key; ignored", k.node());
        }
        if (image.keys() != savedKeys) {
            image.keys().forEach((node, key) -> {
                if (!key.equals(savedKeys.get(node))) storedKeys.save(new NodePublicKeyStore.NodePublicKey(node, key, clock.instant()));
            });
            savedKeys = image.keys();
        }
        render(image);
    }

    /** The versions rendered since the last call, in order, for the agent sessions to push. */
    public List<Versioned> takeNew() {
        List<Versioned> out = List.copyOf(newVersions);
        newVersions.clear();
        return out;
    }

    public Optional<Versioned> desired(String node) { return Optional.ofNullable(desired.get(node)); }

    public Optional<Applied> applied(String node) { return Optional.ofNullable(applied.get(node)); }

    private void render(NetworkImage image) {
        List<TenantPath> paths = inputs.paths();
        Map<ResourceKey, Renderer.Learned> learned = inputs.learned();
        // identity, not equality: each input is a new value exactly when it changed
        List<Object> from = java.util.Arrays.asList(image.intent(), image.sids(), image.keys(), paths, learned);
        if (from.size() == renderedFrom.size() && java.util.stream.IntStream.range(0, from.size()).allMatch(i -> from.get(i) == renderedFrom.get(i))) return;
        long start = System.nanoTime();
        SidPlan plan = image.sids();
        Map<String, NodeConfig> rendered;
        try {
            rendered = Renderer.render(new Renderer.Input(image.intent(), plan.locators(), plan.tenantIds(), plan.vpcIds(), paths, image.keys(), learned));
        } catch (RuntimeException e) {
            LOG.error("rendering failed; nodes keep their current config", e);
            return;
        }
        renderedFrom = from;
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
            LOG.info("new configs for {} (rendered in {} ms, stored in {} ms)", changed,
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
    private void reportApplied(String node, long version, String hash, String driver, String error) {
        applied.put(node, new Applied(version, hash, driver, error, clock.instant()));
        if (error != null) {
            events.publish(new dev.galactic.controller.events.EventBody.ConfigRefused(node, version, error));
        }
    }
}

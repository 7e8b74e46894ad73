package dev.galactic.controller.render;

import dev.galactic.controller.PublisherFixture;
import dev.galactic.controller.events.EventBody;
import dev.galactic.controller.store.NodeConfigStore;
import dev.galactic.controller.store.NodePublicKeyStore;
import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.image.NetworkImage;
import dev.galactic.core.image.NodeReport;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.render.NodeConfig;
import dev.galactic.core.render.Renderer;
import dev.galactic.core.render.TenantPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The render publisher as a function of (delta, image) and the paths and routes in force: no loop thread, no HTTP. */
class ConfigServicePublishTest extends PublisherFixture {

    static final String KEY = "y".repeat(42) + "A=";

    ConfigService configs;
    NetworkImage image;
    List<TenantPath> paths = List.of();

    @BeforeEach
    void start() {
        configs = service();
        image = NetworkImage.of(1, examples("backbone.yaml", "acme-l3vpn-traffic-classes.yaml"));
    }

    ConfigService service() {
        return new ConfigService(new NodeConfigStore(db), new NodePublicKeyStore(db), events, clock, new ConfigService.Inputs() {
            @Override
            public List<TenantPath> paths() { return paths; }

            @Override
            public Map<ResourceKey, Renderer.Learned> learned() { return Map.of(); }
        });
    }

    NetworkImage step(NetworkDelta delta) {
        image = image.apply(delta);
        configs.publish(delta, image);
        return image;
    }

    @Test
    void aStepGivesEachNodeOneVersionAndAStepThatChangesNoInputGivesNone() {
        configs.publish(NetworkDelta.NONE, image);
        List<ConfigService.Versioned> first = configs.takeNew();
        assertThat(first).extracting(v -> v.config().node()).contains("edge-ber", "fra");
        assertThat(first).allSatisfy(v -> assertThat(v.version()).isEqualTo(1));
        step(NetworkDelta.tick(NOW));
        assertThat(configs.takeNew()).isEmpty();
        // the same paths again, as a new list: rendered, but no config changes, so no version either
        paths = new java.util.ArrayList<>(paths);
        step(NetworkDelta.tick(NOW));
        assertThat(configs.takeNew()).isEmpty();
        assertThat(configs.desired("edge-ber").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void aReportedKeyIsStoredAndReachesThePeersOfItsNode() {
        configs.publish(NetworkDelta.NONE, image);
        configs.takeNew();
        step(NetworkDelta.report(new NodeReport.KeyReported("edge-ber", KEY)));
        assertThat(new NodePublicKeyStore(db).all()).singleElement().satisfies(k -> {
            assertThat(k.node()).isEqualTo("edge-ber");
            assertThat(k.publicKey()).isEqualTo(KEY);
        });
        List<ConfigService.Versioned> changed = configs.takeNew();
        assertThat(changed).isNotEmpty().allSatisfy(v -> assertThat(v.config().tunnels()).extracting(NodeConfig.Tunnel::peerPublicKey).contains(KEY));
        // a restarted publisher starts from the stored key and the stored versions
        assertThat(ConfigService.storedKeys(new NodePublicKeyStore(db))).containsExactlyEntriesOf(Map.of("edge-ber", KEY));
        ConfigService again = service();
        again.publish(NetworkDelta.NONE, image);
        assertThat(again.takeNew()).isEmpty();
    }

    @Test
    void aRefusedConfigIsAnEventAndTheNodeKeepsWhatItHad() {
        configs.publish(NetworkDelta.NONE, image);
        var v = configs.desired("fra").orElseThrow();
        step(NetworkDelta.report(new NodeReport.ConfigApplied("fra", v.version(), v.hash(), "linux", "no such device")));
        assertThat(configs.applied("fra").orElseThrow().error()).isEqualTo("no such device");
        assertThat(events.recent(e -> e.body() instanceof EventBody.ConfigRefused r && r.node().equals("fra"), 0, 10)).hasSize(1);
        step(NetworkDelta.report(new NodeReport.ConfigApplied("fra", v.version(), v.hash(), "linux", null)));
        assertThat(configs.applied("fra").orElseThrow().error()).isNull();
    }
}

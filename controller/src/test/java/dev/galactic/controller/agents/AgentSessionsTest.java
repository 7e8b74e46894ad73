package dev.galactic.controller.agents;

import dev.galactic.controller.TestController;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.galactic.controller.Controller;
import dev.galactic.controller.telemetry.TelemetryService;
import dev.galactic.core.agent.AgentMessage;
import dev.galactic.core.agent.AgentProtocol;
import dev.galactic.core.agent.SampleFrames;
import dev.galactic.core.model.Caller;
import dev.galactic.core.model.ChangePlanner;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.ObjectMeta;
import dev.galactic.core.model.Resource;
import dev.galactic.core.telemetry.EpochNanos;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.RejectReason;
import dev.galactic.core.telemetry.Sample;
import dev.galactic.core.telemetry.SampleBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The agent endpoint from a hand-made client: frame negotiation, binary batches, and what happens to bad frames. */
class AgentSessionsTest {

    @RegisterExtension
    final TestController ctl = TestController.embedded();

    Client client;

    @BeforeEach
    void start() throws Exception {
        List<ChangePlanner.Op> ops = new ArrayList<>();
        for (String n : List.of("a", "b", "c")) {
            ops.add(new ChangePlanner.Op.Put(ops.size(), Resource.of(Kind.NODE, ObjectMeta.of(n, null),
                    new NodeSpec(NodeSpec.NodeRole.CORE, new NodeSpec.Location(50.0, 8.0, "DE", null), List.of(), null))));
        }
        ctl.get().resources().apply(ops, Caller.OPERATOR, "test", false);
        client = new Client(ctl.get(), ctl.get().tokens().createForNode("a", "test", Instant.now()).secret());
    }

    @AfterEach
    void stop() {
        if (client != null) client.ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    @Test
    void anAgentThatOffersFramesIsToldToUseThemAndItsFramesReachTheLinkStates() throws Exception {
        JsonNode first = client.next();
        assertThat(first.get("type").asText()).isEqualTo("welcome");
        assertThat(first.has("sampleFrames")).as("an agent that predates frames must be able to read the welcome").isFalse();

        client.text(AgentProtocol.write(new AgentMessage.Hello("a", "test", List.of(), List.of(SampleFrames.VERSION), null)));
        JsonNode second = client.next();
        assertThat(second.get("type").asText()).isEqualTo("welcome");
        assertThat(second.get("sampleFrames").asInt()).isEqualTo(SampleFrames.VERSION);

        long now = EpochNanos.of(Instant.now());
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) samples.add(Sample.Echo.reply(LinkId.of("a", "b"), ProbeType.UDP, i, now - 1_000_000 + i, 4_000_000));
        samples.add(Sample.Echo.reply(LinkId.of("a", "nowhere"), ProbeType.UDP, 20, now, 4_000_000));
        client.binary(SampleFrames.encode(new SampleBatch("a", 1, samples)));
        JsonNode ack = client.next();
        assertThat(ack.get("type").asText()).isEqualTo("ack");
        assertThat(ack.get("sequence").asLong()).isEqualTo(1);
        assertThat(ack.get("acceptedSamples").asInt()).isEqualTo(20);
        // the same validation as a JSON batch: the unknown peer is refused by name
        assertThat(ack.get("rejections").get(0).asText()).startsWith("UNKNOWN_NODE");
        assertThat(ctl.get().telemetry().batchesReceived(TelemetryService.Encoding.BINARY)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            LinkState s = ctl.get().telemetry().linkStates().get(LinkId.of("a", "b"));
            return s != null && s.up() && s.sampleCount() == 20;
        });
        assertThat(ctl.get().telemetry().linkStates().get(LinkId.of("a", "b")).latencyMs()).isCloseTo(2.0, within(0.1));

        // a replay is refused as one, whatever the encoding
        client.binary(SampleFrames.encode(new SampleBatch("a", 1, samples.subList(0, 1))));
        assertThat(client.next().get("rejections").get(0).asText()).startsWith("REPLAYED_BATCH");
        // and a connection speaks for its own node only
        client.binary(SampleFrames.encode(new SampleBatch("b", 9, List.of(Sample.Echo.reply(LinkId.of("b", "a"), ProbeType.UDP, 1, now, 1)))));
        assertThat(client.next().get("rejections").get(0).asText()).startsWith("FOREIGN_SOURCE");
    }

    @Test
    void anEdgesAgentComingAndGoingConcernsTheTenantsWithSitesOnItOnly() throws Exception {
        String yaml = """
                apiVersion: galactic/v1alpha1
                kind: Node
                metadata: {name: e}
                spec: {role: edge, location: {lat: 50, lon: 8, country: DE}}
                ---
                apiVersion: galactic/v1alpha1
                kind: Tenant
                metadata: {name: here}
                ---
                apiVersion: galactic/v1alpha1
                kind: Tenant
                metadata: {name: elsewhere}
                ---
                apiVersion: galactic/v1alpha1
                kind: TrafficClass
                metadata: {name: fast, tenant: here}
                spec: {mode: lowest-latency}
                ---
                apiVersion: galactic/v1alpha1
                kind: Vpc
                metadata: {name: v, tenant: here}
                spec: {type: l3vpn, trafficClass: fast}
                ---
                apiVersion: galactic/v1alpha1
                kind: Attachment
                metadata: {name: site, tenant: here}
                spec: {vpc: v, node: e, kind: port, prefixes: [10.9.0.0/24]}
                """;
        List<ChangePlanner.Op> ops = new ArrayList<>();
        for (Resource r : dev.galactic.core.model.ResourceCodec.parse(yaml, dev.galactic.core.model.ResourceCodec.Format.YAML).resources()) {
            ops.add(new ChangePlanner.Op.Put(ops.size(), r));
        }
        ctl.get().resources().apply(ops, Caller.OPERATOR, "test", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> ctl.get().telemetry().audience().edgeTenants().containsKey("e"));
        Client edge = new Client(ctl.get(), ctl.get().tokens().createForNode("e", "test", Instant.now()).secret());
        edge.next();
        edge.ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        await().atMost(Duration.ofSeconds(10)).until(() -> ctl.get().events().recent(e -> e.type() == dev.galactic.controller.events.EventType.NODE_STATE
                && e.summary().contains("agent of e disconnected"), 0, 100).size() == 1);
        var edgeNews = ctl.get().events().recent(e -> e.type() == dev.galactic.controller.events.EventType.NODE_STATE && e.summary().contains("agent of e "), 0, 100);
        assertThat(edgeNews).hasSize(2).allSatisfy(e -> {
            assertThat(dev.galactic.controller.events.EventHub.visibleTo(new Caller.TenantMember("here")).test(e)).isTrue();
            assertThat(dev.galactic.controller.events.EventHub.visibleTo(new Caller.TenantMember("elsewhere")).test(e)).isFalse();
            assertThat(dev.galactic.controller.events.EventHub.visibleTo(Caller.OPERATOR).test(e)).isTrue();
        });
    }

    @Test
    void framesThatDoNotDecodeAreCountedAndAnsweredWithTheReason() throws Exception {
        assertThat(client.next().get("type").asText()).isEqualTo("welcome");
        long before = ctl.get().telemetry().rejectedCount(RejectReason.MALFORMED);
        byte[] good = SampleFrames.encode(new SampleBatch("a", 1, List.of(
                Sample.Echo.reply(LinkId.of("a", "b"), ProbeType.UDP, 1, EpochNanos.of(Instant.now()), 1_000_000))));

        client.binary(Arrays.copyOf(good, good.length - 1));
        JsonNode ack = client.next();
        assertThat(ack.get("batchAccepted").asBoolean()).isFalse();
        assertThat(ack.get("rejections").get(0).asText()).isEqualTo("MALFORMED: header announces 2 strings and 1 samples, but only 35 bytes follow it");

        byte[] otherVersion = good.clone();
        otherVersion[4] = 9;
        assertThat(client.next(otherVersion).get("rejections").get(0).asText())
                .isEqualTo("MALFORMED: frame version 9 is not supported (this controller reads version 1)");
        assertThat(ctl.get().telemetry().rejectedCount(RejectReason.MALFORMED)).isEqualTo(before + 2);

        // the connection stays usable, and the bad frames used no batch sequence
        JsonNode ok = client.next(good);
        assertThat(ok.get("batchAccepted").asBoolean()).isTrue();
        assertThat(ok.get("acceptedSamples").asInt()).isEqualTo(1);
    }

    /** A raw agent connection that queues what the controller says. */
    static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();
        final WebSocket ws;

        Client(Controller c, String token) throws Exception {
            ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(c.url().replace("http", "ws") + AgentProtocol.PATH), this).get(10, TimeUnit.SECONDS);
        }

        void text(String s) throws Exception {
            ws.sendText(s, true).get(10, TimeUnit.SECONDS);
        }

        void binary(byte[] b) throws Exception {
            ws.sendBinary(ByteBuffer.wrap(b), true).get(10, TimeUnit.SECONDS);
        }

        /** The next message that is not a config push. */
        JsonNode next() throws Exception {
            while (true) {
                String m = received.poll(10, TimeUnit.SECONDS);
                assertThat(m).as("a message from the controller").isNotNull();
                JsonNode n = AgentProtocol.json().readTree(m);
                if (!n.get("type").asText().equals("config")) return n;
            }
        }

        JsonNode next(byte[] frame) throws Exception {
            binary(frame);
            return next();
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }
    }
}

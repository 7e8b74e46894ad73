package dev.galactic.core.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.galactic.core.telemetry.NodeProbePlan;
import dev.galactic.core.telemetry.SampleBatch;

import java.util.List;

/**
 * What an agent and the controller say to each other over the agent connection (a WebSocket
 * the agent dials, so it works from behind NAT). One JSON object per text message, {@code type}
 * first; sample batches may instead travel as binary messages ({@link SampleFrames}) once the
 * controller's welcome says it reads them.
 *
 * <pre>
 * agent                         controller
 *   |<------------------ welcome --|   your probe plan (on connect)
 *   |-- hello ------------------->|   who I am, what I have, which sample frames I can send
 *   |<------------------ welcome --|   again, naming the frame version to use (only if the hello offered one)
 *   |-- samples ----------------->|   probe results, batched: JSON, or a binary frame
 *   |<---------------------- ack --|   what ingest accepted
 *   |<---------------------- ack --|   what ingest accepted
 *   |<--------------------- plan --|   a new probe plan, when the backbone changes
 *   |<------------------- config --|   the node's desired state (on connect and on change)
 *   |-- applied ----------------->|   which version is installed, or why not
 *   |-- routes ------------------>|   a site's BGP session: its state and everything it received (on change)
 * </pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AgentMessage.Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = AgentMessage.Welcome.class, name = "welcome"),
        @JsonSubTypes.Type(value = AgentMessage.Plan.class, name = "plan"),
        @JsonSubTypes.Type(value = AgentMessage.Samples.class, name = "samples"),
        @JsonSubTypes.Type(value = AgentMessage.Ack.class, name = "ack"),
        @JsonSubTypes.Type(value = AgentMessage.Config.class, name = "config"),
        @JsonSubTypes.Type(value = AgentMessage.Applied.class, name = "applied"),
        @JsonSubTypes.Type(value = AgentMessage.Failover.class, name = "failover"),
        @JsonSubTypes.Type(value = AgentMessage.Routes.class, name = "routes")})
public sealed interface AgentMessage {

    /**
     * @param addresses the addresses the agent's probe listeners are bound to
     * @param sampleFrames the {@link SampleFrames} versions the agent can send; absent (null) from
     *                     agents that only send JSON
     * @param wireguardPublicKey the node's WireGuard public key (its private key never leaves the
     *                           node); null when the node has no tunnels to program
     */
    record Hello(String node, String agentVersion, List<String> addresses,
                 @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> sampleFrames,
                 @JsonInclude(JsonInclude.Include.NON_NULL) String wireguardPublicKey) implements AgentMessage {

        public Hello(String node, String agentVersion, List<String> addresses) {
            this(node, agentVersion, addresses, null, null);
        }
    }

    /**
     * @param sampleFrames the {@link SampleFrames} version the agent should send batches in; null
     *                     (and absent from the JSON, so agents that predate frames can read it):
     *                     send JSON {@code samples} messages
     */
    record Welcome(String node, NodeProbePlan probePlan,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Integer sampleFrames) implements AgentMessage {

        public Welcome(String node, NodeProbePlan probePlan) {
            this(node, probePlan, null);
        }
    }

    record Plan(NodeProbePlan probePlan) implements AgentMessage {
    }

    record Samples(SampleBatch batch) implements AgentMessage {
    }

    /** The node's desired data-plane state; versions only grow, the hash identifies the content. */
    record Config(long version, String hash, dev.galactic.core.render.NodeConfig config) implements AgentMessage {
    }

    /**
     * What the agent's driver did with a config.
     *
     * @param error null when the version is installed; else what failed, and the previous version stays
     */
    record Applied(long version, String hash, String driver, String error) implements AgentMessage {
    }

    /**
     * The agent switched routes to their backup paths on its own (or switched them back): sent
     * whenever the set of tunnels it finds dead changes.
     *
     * @param deadPeers the tunnel peers its probes cannot reach now; empty: the failover is lifted
     * @param switched the routes on their backup path now
     */
    record Failover(List<String> deadPeers, List<dev.galactic.core.render.LocalFailover.Switched> switched) implements AgentMessage {
        public Failover {
            deadPeers = List.copyOf(deadPeers);
            switched = List.copyOf(switched);
        }
    }

    /**
     * A site's BGP session as the edge's speaker sees it: its state and every route it
     * received (the whole Adj-RIB-In, not a delta). The agent sends one when either changes and
     * again after each reconnect; the controller derives announcements and withdrawals by
     * comparing with the last one, so a lost or repeated message cannot leave a stale route.
     *
     * @param detail what the speaker said beyond the state (why it is not running, the last
     *               error), null when there is nothing to add
     */
    record Routes(String tenant, String attachment, dev.galactic.core.bgp.SessionState state,
                  List<dev.galactic.core.bgp.LearnedRoute> received, String detail) implements AgentMessage {
        public Routes {
            received = received == null ? List.of() : List.copyOf(received);
        }
    }

    /** @param rejections why samples or the batch were refused, for the agent's log */
    record Ack(long sequence, boolean batchAccepted, int acceptedSamples, List<String> rejections) implements AgentMessage {
    }
}

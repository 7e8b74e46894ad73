package dev.galactic.core.agent;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.galactic.core.telemetry.NodeProbePlan;
import dev.galactic.core.telemetry.SampleBatch;

import java.util.List;

/**
 * What an agent and the controller say to each other over the agent connection (a WebSocket
 * the agent dials, so it works from behind NAT). One JSON object per message, {@code type} first.
 *
 * <pre>
 * agent                         controller
 *   |-- hello ------------------->|   who I am, what I have
 *   |<------------------ welcome --|   your probe plan
 *   |-- samples ----------------->|   probe results, batched
 *   |<---------------------- ack --|   what ingest accepted
 *   |<--------------------- plan --|   a new probe plan, when the backbone changes
 * </pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AgentMessage.Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = AgentMessage.Welcome.class, name = "welcome"),
        @JsonSubTypes.Type(value = AgentMessage.Plan.class, name = "plan"),
        @JsonSubTypes.Type(value = AgentMessage.Samples.class, name = "samples"),
        @JsonSubTypes.Type(value = AgentMessage.Ack.class, name = "ack")})
public sealed interface AgentMessage {

    /** @param addresses the addresses the agent's probe listeners are bound to */
    record Hello(String node, String agentVersion, List<String> addresses) implements AgentMessage {
    }

    record Welcome(String node, NodeProbePlan probePlan) implements AgentMessage {
    }

    record Plan(NodeProbePlan probePlan) implements AgentMessage {
    }

    record Samples(SampleBatch batch) implements AgentMessage {
    }

    /** @param rejections why samples or the batch were refused, for the agent's log */
    record Ack(long sequence, boolean batchAccepted, int acceptedSamples, List<String> rejections) implements AgentMessage {
    }
}

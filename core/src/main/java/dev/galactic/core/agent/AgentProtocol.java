package dev.galactic.core.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON encoding of {@link AgentMessage}s and telemetry, shared by agent and controller. */
public final class AgentProtocol {

    public static final String PATH = "/api/v1/agents/connect";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AgentProtocol() {
    }

    public static ObjectMapper json() { return JSON; }

    public static String write(AgentMessage m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException with the parser's reason when the text is not a message */
    public static AgentMessage read(String text) {
        try {
            return JSON.readValue(text, AgentMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an agent message: " + e.getOriginalMessage(), e);
        }
    }
}

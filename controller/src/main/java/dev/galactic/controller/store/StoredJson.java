package dev.galactic.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.galactic.core.agent.AgentProtocol;

/**
 * Documents kept in TEXT columns (configs, received routes), in the agents' encoding: what the
 * controller stored is what an agent would be sent. A row that no longer parses is a corrupt
 * database, not bad input, so it fails loudly with the row named.
 */
final class StoredJson {

    private StoredJson() {
    }

    static String write(Object value) {
        try {
            return AgentProtocol.json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T read(String json, Class<T> type, String row) {
        try {
            return AgentProtocol.json().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw corrupt(row, e);
        }
    }

    static <T> T read(String json, TypeReference<T> type, String row) {
        try {
            return AgentProtocol.json().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw corrupt(row, e);
        }
    }

    private static IllegalStateException corrupt(String row, JsonProcessingException e) {
        return new IllegalStateException("corrupt stored " + row + ": " + e.getOriginalMessage(), e);
    }
}

package dev.galactic.controller.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code POST /api/v1/tokens} asks for, read strictly: an operator token is the most
 * powerful thing the API hands out, so it is made only when asked for by name, never because a
 * field was misspelt, mistyped or null.
 *
 * @param owner whose token it is
 * @param description what the token is for; null for the default
 */
record TokenRequest(Owner owner, String description) {

    /** Whom a token belongs to. */
    sealed interface Owner {
        record Operator() implements Owner {
        }

        record Tenant(String name) implements Owner {
        }

        record Node(String name) implements Owner {
        }
    }

    enum Role { OPERATOR, TENANT, NODE }

    private static final Set<String> FIELDS = Set.of("role", "tenant", "node", "description");

    /** The request, or every field that is wrong with it. */
    sealed interface Parsed {
        record Ok(TokenRequest request) implements Parsed {
        }

        record Invalid(List<Problem.FieldProblem> errors) implements Parsed {
        }
    }

    static Parsed parse(JsonNode body) {
        List<Problem.FieldProblem> errors = new ArrayList<>();
        if (!body.isObject()) {
            return invalid(errors, "", "the body must be a JSON object like {\"tenant\": \"acme\"}, {\"node\": \"fra\"} or {\"role\": \"operator\"}");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) error(errors, "/" + f, "unknown field \"" + f + "\"; the fields are role, tenant, node and description");
        }
        String roleText = text(body, "role", errors);
        String tenant = text(body, "tenant", errors);
        String node = text(body, "node", errors);
        String description = text(body, "description", errors);
        // the column holds 200 characters
        dev.galactic.core.model.FreeText.problem(description, 200).ifPresent(why -> error(errors, "/description", "description " + why));
        Role role = null;
        if (roleText != null) {
            try {
                role = Role.valueOf(roleText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                error(errors, "/role", "\"" + roleText + "\" is not a role: use operator, tenant or node");
            }
        }
        if (!errors.isEmpty()) return new Parsed.Invalid(List.copyOf(errors));
        if (tenant != null && node != null) return invalid(errors, "/node", "a token belongs to a tenant or to a node, not both");
        if (role == null) {
            role = tenant != null ? Role.TENANT : node != null ? Role.NODE : null;
            if (role == null) {
                return invalid(errors, "/role", "say whom the token is for: {\"tenant\": \"acme\"}, {\"node\": \"fra\"} or {\"role\": \"operator\"}");
            }
        }
        Owner owner = switch (role) {
            case OPERATOR -> tenant != null || node != null ? null : new Owner.Operator();
            case TENANT -> tenant == null ? null : new Owner.Tenant(tenant);
            case NODE -> node == null ? null : new Owner.Node(node);
        };
        if (owner == null) {
            return switch (role) {
                case OPERATOR -> invalid(errors, tenant != null ? "/tenant" : "/node", "an operator token belongs to no tenant or node");
                case TENANT -> invalid(errors, "/tenant", "a tenant token needs the tenant's name" + (node != null ? ", not a node" : ""));
                case NODE -> invalid(errors, "/node", "a node token needs the node's name" + (tenant != null ? ", not a tenant" : ""));
            };
        }
        return new Parsed.Ok(new TokenRequest(owner, description));
    }

    /** A field's string value; absent is null, anything but a non-blank string is an error. */
    private static String text(JsonNode body, String field, List<Problem.FieldProblem> errors) {
        JsonNode v = body.get(field);
        if (v == null) return null;
        if (!v.isTextual()) {
            error(errors, "/" + field, field + " must be a string, not " + (v.isNull() ? "null" : v.getNodeType().name().toLowerCase(Locale.ROOT)));
            return null;
        }
        if (v.textValue().isBlank()) {
            error(errors, "/" + field, field + " must not be empty");
            return null;
        }
        return v.textValue();
    }

    private static void error(List<Problem.FieldProblem> errors, String pointer, String reason) {
        errors.add(new Problem.FieldProblem(null, null, pointer, reason));
    }

    private static Parsed invalid(List<Problem.FieldProblem> errors, String pointer, String reason) {
        error(errors, pointer, reason);
        return new Parsed.Invalid(List.copyOf(errors));
    }
}

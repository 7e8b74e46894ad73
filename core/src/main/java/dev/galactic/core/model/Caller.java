package dev.galactic.core.model;

/** Who asks: the operator (every tenant, the backbone) or one tenant. */
public sealed interface Caller {

    record Operator() implements Caller {
    }

    record TenantMember(String tenant) implements Caller {
    }

    Caller OPERATOR = new Operator();

    /** Whether this caller may see the resource at all (a tenant never sees another's). */
    default boolean canRead(Resource r) {
        return switch (this) {
            case Operator o -> true;
            case TenantMember m -> switch (r.kind()) {
                // the backbone's nodes and links are the catalogue tenants route over
                case NODE, LINK -> true;
                case TENANT -> r.name().equals(m.tenant());
                default -> m.tenant().equals(r.tenant());
            };
        };
    }
}

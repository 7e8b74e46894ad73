package dev.galactic.controller.events;

import dev.galactic.core.model.Caller;

import java.util.List;
import java.util.function.Predicate;

/**
 * Which events a reader asks for, in a form the event log can query as well as the hub can test:
 * those a tenant may see, of types that start with any of the prefixes.
 *
 * @param tenant the reading tenant; null for an operator, who sees every event
 * @param typePrefixes e.g. {@code path.} or {@code link.status}; empty for every type
 */
public record EventFilter(String tenant, List<String> typePrefixes) implements Predicate<Event> {

    public static final EventFilter ALL = new EventFilter(null, List.of());

    public EventFilter {
        typePrefixes = typePrefixes.stream().map(String::trim).filter(p -> !p.isEmpty()).distinct().toList();
    }

    /** What {@code caller} may see of the given types. */
    public static EventFilter of(Caller caller, List<String> typePrefixes) {
        return new EventFilter(switch (caller) {
            case Caller.Operator o -> null;
            case Caller.TenantMember m -> m.tenant();
        }, typePrefixes);
    }

    @Override
    public boolean test(Event e) {
        return (tenant == null || e.audience().visibleTo(tenant))
                && (typePrefixes.isEmpty() || typePrefixes.stream().anyMatch(p -> e.type().wire().startsWith(p)));
    }
}

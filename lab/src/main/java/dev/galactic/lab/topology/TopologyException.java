package dev.galactic.lab.topology;

import dev.galactic.core.model.FieldError;

import java.util.List;
import java.util.stream.Collectors;

/** A topology file that cannot be used; every problem names the field (as a JSON pointer). */
public final class TopologyException extends RuntimeException {

    private final transient List<FieldError> errors;

    public TopologyException(String source, List<FieldError> errors) {
        super(source + ": " + errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + "\n"
                + errors.stream().map(e -> "  " + (e.pointer().isEmpty() ? "/" : e.pointer()) + ": " + e.reason())
                .collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() { return errors; }
}

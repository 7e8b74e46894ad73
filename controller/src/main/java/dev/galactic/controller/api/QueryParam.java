package dev.galactic.controller.api;

import io.javalin.http.Context;

import java.util.List;
import java.util.Optional;

/**
 * A query parameter the API reads strictly: a value it would not act on as given is a 400 that
 * names the parameter and what it takes, never a silent default or a 500. The OpenAPI document
 * describes each from the same definition, so the two cannot disagree.
 */
public sealed interface QueryParam {

    String name();

    String description();

    /** An integer from {@code min} to {@code max}; {@code fallback} when absent (null: optional). */
    record Bounded(String name, long min, long max, Long fallback, String description) implements QueryParam {

        /** The value, or the fallback when the parameter is absent. */
        public long read(Context ctx) {
            return find(ctx).orElseThrow(() -> new IllegalStateException(name + " has no fallback: use find"));
        }

        /** The value, or the fallback (empty when there is none) when the parameter is absent. */
        public Optional<Long> find(Context ctx) {
            String v = ctx.queryParam(name);
            return v == null ? Optional.ofNullable(fallback) : Optional.of(parse(v));
        }

        /** A value from wherever it came (a header, say), checked like the parameter. */
        public long parse(String v) {
            try {
                long n = Long.parseLong(v);
                if (n >= min && n <= max) return n;
            } catch (NumberFormatException notAnInteger) {
                // the same answer as for a number out of range: here is what is accepted
            }
            throw Problem.error(400, "bad-parameter", "Bad " + name, name + " must be an integer from " + min + " to " + max + ", not " + shown(v));
        }
    }

    /** true or false; false when absent. A typo must not turn a dry run into a real one. */
    record Flag(String name, String description) implements QueryParam {

        public boolean read(Context ctx) {
            String v = ctx.queryParam(name);
            if (v == null || v.equals("false")) return false;
            if (v.equals("true")) return true;
            throw Problem.error(400, "bad-parameter", "Bad " + name, name + " must be true or false, not " + shown(v));
        }
    }

    /** One of a fixed set of words; {@code fallback} when absent. */
    record Choice(String name, List<String> values, String fallback, String description) implements QueryParam {

        public String read(Context ctx) {
            String v = ctx.queryParam(name);
            if (v == null) return fallback;
            if (values.contains(v)) return v;
            throw Problem.error(400, "bad-parameter", "Bad " + name, name + " must be one of " + String.join(", ", values) + ", not " + shown(v));
        }
    }

    /** The refused value, quoted, and cut short: an error should not echo a megabyte back. */
    private static String shown(String v) {
        return "\"" + (v.length() > 64 ? v.substring(0, 64) + "…" : v) + "\"";
    }
}

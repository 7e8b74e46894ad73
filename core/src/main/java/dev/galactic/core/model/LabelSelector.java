package dev.galactic.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An equality-based label selector as kubectl writes it: {@code env=prod,tier!=web,app}
 * (app: the label exists; !app: it does not).
 */
public record LabelSelector(List<Requirement> requirements) {

    public static final LabelSelector ALL = new LabelSelector(List.of());
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    public enum Op { EQUALS, NOT_EQUALS, EXISTS, NOT_EXISTS }

    public record Requirement(String key, Op op, String value) {
        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (op) {
                case EQUALS -> Objects.equals(v, value);
                case NOT_EQUALS -> !Objects.equals(v, value);
                case EXISTS -> v != null;
                case NOT_EXISTS -> v == null;
            };
        }
    }

    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) return ALL;
        List<Requirement> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            Requirement r;
            if (p.contains("!=")) {
                String[] kv = p.split("!=", 2);
                r = new Requirement(kv[0].trim(), Op.NOT_EQUALS, kv[1].trim());
            } else if (p.contains("=")) {
                String[] kv = p.split("==?", 2);
                r = new Requirement(kv[0].trim(), Op.EQUALS, kv[1].trim());
            } else if (p.startsWith("!")) {
                r = new Requirement(p.substring(1).trim(), Op.NOT_EXISTS, null);
            } else {
                r = new Requirement(p, Op.EXISTS, null);
            }
            if (!KEY.matcher(r.key()).matches()) {
                throw new IllegalArgumentException("label selector \"" + text + "\": \"" + r.key() + "\" is not a label key; write it like env=prod,tier!=web,app");
            }
            if (r.value() != null && !VALUE.matcher(r.value()).matches()) {
                throw new IllegalArgumentException("label selector \"" + text + "\": \"" + r.value() + "\" is not a label value; write it like env=prod,tier!=web,app");
            }
            out.add(r);
        }
        return new LabelSelector(List.copyOf(out));
    }

    public boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.matches(labels));
    }
}

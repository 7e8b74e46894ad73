package dev.galactic.core.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds a JSON tree to the model's records and reports every problem at once, each with the
 * JSON pointer of the field, instead of stopping at the first like a plain object mapper.
 * Unknown fields are errors: a misspelt field silently ignored is a network misconfigured.
 */
public final class RecordBinder {

    private RecordBinder() {
    }

    /** The result of binding: a value when there were no errors. */
    public record Bound<T>(T value, List<FieldError> errors) {
        public boolean ok() { return errors.isEmpty(); }
    }

    public static <T> Bound<T> bind(JsonNode node, Class<T> type, String pointer) {
        List<FieldError> errors = new ArrayList<>();
        Object v = bindValue(node, type, pointer, errors);
        return new Bound<>(errors.isEmpty() ? type.cast(v) : null, List.copyOf(errors));
    }

    /** The wire spelling of an enum constant: lower case with dashes ("lowest-latency"). */
    public static String wireName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static String wireValues(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(c -> wireName((Enum<?>) c))
                .collect(Collectors.joining(", "));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <E extends Enum<E>> E parseEnum(Class<E> type, String text) {
        String norm = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E c : type.getEnumConstants()) {
            if (c.name().equals(norm)) return c;
        }
        return null;
    }

    private static Object bindValue(JsonNode node, Type type, String ptr, List<FieldError> errors) {
        if (node == null || node.isNull() || node.isMissingNode()) return null;
        Class<?> raw = rawClass(type);
        if (raw == String.class) {
            if (node.isTextual()) return node.textValue();
            return typeError(ptr, "a string", node, errors);
        }
        if (raw == Integer.class || raw == Long.class) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) return typeError(ptr, "a whole number", node, errors);
            if (raw == Integer.class) {
                if (!node.canConvertToInt()) return typeError(ptr, "a whole number of at most 2147483647", node, errors);
                return node.intValue();
            }
            return node.longValue();
        }
        if (raw == Double.class) {
            if (!node.isNumber()) return typeError(ptr, "a number", node, errors);
            double d = node.doubleValue();
            if (!Double.isFinite(d)) return typeError(ptr, "a finite number", node, errors);
            return d;
        }
        if (raw == Boolean.class) {
            if (!node.isBoolean()) return typeError(ptr, "true or false", node, errors);
            return node.booleanValue();
        }
        if (raw == Instant.class) {
            if (!node.isTextual()) return typeError(ptr, "an RFC 3339 time", node, errors);
            try {
                return Instant.parse(node.textValue());
            } catch (DateTimeParseException e) {
                return typeError(ptr, "an RFC 3339 time like 2026-01-31T12:00:00Z", node, errors);
            }
        }
        if (raw == JsonNode.class) return node;
        if (raw.isEnum()) {
            if (!node.isTextual()) return typeError(ptr, "one of: " + wireValues(raw), node, errors);
            Object e = parseEnum((Class) raw, node.textValue());
            if (e == null) {
                errors.add(new FieldError(ptr, "\"" + node.textValue() + "\" is not one of: " + wireValues(raw)));
            }
            return e;
        }
        if (raw == List.class) {
            if (!node.isArray()) return typeError(ptr, "a list", node, errors);
            Type elem = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isNull()) {
                    errors.add(new FieldError(ptr + "/" + i, "a list item may not be empty"));
                    continue;
                }
                out.add(bindValue(item, elem, ptr + "/" + i, errors));
            }
            return out;
        }
        if (raw == Map.class) {
            if (!node.isObject()) return typeError(ptr, "a map of names to strings", node, errors);
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                String p = ptr + "/" + FieldError.token(e.getKey());
                if (!e.getValue().isTextual()) {
                    typeError(p, "a string", e.getValue(), errors);
                } else {
                    out.put(e.getKey(), e.getValue().textValue());
                }
            }
            return out;
        }
        if (raw.isRecord()) return bindRecord(node, raw, ptr, errors);
        throw new IllegalStateException("no binding for " + type);
    }

    private static Object bindRecord(JsonNode node, Class<?> raw, String ptr, List<FieldError> errors) {
        if (!node.isObject()) return typeError(ptr, "an object", node, errors);
        RecordComponent[] comps = raw.getRecordComponents();
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        for (RecordComponent c : comps) byName.put(c.getName(), c);
        int before = errors.size();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!byName.containsKey(f)) {
                errors.add(new FieldError(ptr + "/" + FieldError.token(f),
                        "unknown field \"" + f + "\"; " + raw.getSimpleName() + " has: " + String.join(", ", byName.keySet())));
            }
        }
        Object[] args = new Object[comps.length];
        for (int i = 0; i < comps.length; i++) {
            args[i] = bindValue(node.get(comps[i].getName()), comps[i].getGenericType(),
                    ptr + "/" + comps[i].getName(), errors);
        }
        if (errors.size() > before) return null;
        try {
            Constructor<?> ctor = raw.getDeclaredConstructor(Arrays.stream(comps).map(RecordComponent::getType).toArray(Class[]::new));
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            errors.add(new FieldError(ptr, String.valueOf(e.getCause().getMessage())));
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object typeError(String ptr, String expected, JsonNode node, List<FieldError> errors) {
        String got = node.isTextual() ? "\"" + node.textValue() + "\"" : node.isContainerNode()
                ? (node.isArray() ? "a list" : "an object") : node.toString();
        errors.add(new FieldError(ptr, "must be " + expected + ", not " + got));
        return null;
    }

    static Class<?> rawClass(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        throw new IllegalStateException("unsupported type " + t);
    }
}

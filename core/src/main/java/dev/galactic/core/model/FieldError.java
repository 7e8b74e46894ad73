package dev.galactic.core.model;

/**
 * One reason a resource was refused.
 *
 * @param pointer RFC 6901 JSON pointer to the offending field inside the resource document
 *                ("" for the document itself)
 * @param reason what is wrong and, where possible, what to do about it
 */
public record FieldError(String pointer, String reason) {

    /** Escapes one token for a JSON pointer (RFC 6901). */
    public static String token(String s) {
        return s.replace("~", "~0").replace("/", "~1");
    }
}

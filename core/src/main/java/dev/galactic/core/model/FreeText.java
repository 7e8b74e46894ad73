package dev.galactic.core.model;

import java.util.Optional;

/**
 * The rule for human-written text the controller stores and shows again (a tenant's display
 * name, a contact, a city, a token's description): it ends up in consoles, terminals and logs,
 * so it is bounded, and it has no control characters (NUL, terminal escape sequences, line
 * breaks that forge log lines), no bidirectional overrides that make text read other than it
 * is stored, and no unpaired surrogates, which have no UTF-8 form.
 */
public final class FreeText {

    /** Names, titles and cities. */
    public static final int SHORT = 128;
    /** Contacts, URLs and secrets. */
    public static final int LONG = 2048;

    private FreeText() {
    }

    /** Why the text is not acceptable, if it is not; null text is for the caller to judge. */
    public static Optional<String> problem(String text, int maxLength) {
        if (text == null) return Optional.empty();
        int length = text.codePointCount(0, text.length());
        if (length > maxLength) return Optional.of("is " + length + " characters long; at most " + maxLength + " are allowed");
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            Optional<String> bad = forbidden(c);
            if (bad.isPresent()) return Optional.of("contains " + bad.get() + " U+" + String.format("%04X", c) + " at character " + text.codePointCount(0, i));
            i += Character.charCount(c);
        }
        return Optional.empty();
    }

    private static Optional<String> forbidden(int c) {
        if (Character.getType(c) == Character.CONTROL) return Optional.of("the control character");
        if (Character.getType(c) == Character.SURROGATE) return Optional.of("the unpaired surrogate");
        if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) return Optional.of("the bidirectional control");
        if (c == 0x2028 || c == 0x2029) return Optional.of("the line separator");
        return Optional.empty();
    }
}

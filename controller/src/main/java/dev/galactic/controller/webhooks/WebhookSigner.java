package dev.galactic.controller.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Signs webhook bodies: {@code X-Galactic-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>} over
 * {@code "<t>.<body>"}. The timestamp inside the signed text lets a receiver refuse replays of an
 * old delivery; {@link #verify} is what a receiver does (and what the tests do).
 */
public final class WebhookSigner {

    public static final String HEADER = "X-Galactic-Signature";

    private WebhookSigner() {
    }

    public static String sign(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
    }

    /** Whether the header is a valid signature of the body, made within {@code toleranceSeconds} of now. */
    public static boolean verify(String secret, String header, String body, long nowUnixSeconds, long toleranceSeconds) {
        if (header == null) return false;
        long t = -1;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) continue;
            if (kv[0].equals("t")) {
                try {
                    t = Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        if (t < 0 || v1 == null || Math.abs(nowUnixSeconds - t) > toleranceSeconds) return false;
        return MessageDigest.isEqual(v1.getBytes(StandardCharsets.US_ASCII), hmac(secret, t + "." + body).getBytes(StandardCharsets.US_ASCII));
    }

    private static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.galactic.core.pce;

/**
 * Why a demand's class cannot be met.
 *
 * @param reason the broken constraint, as data
 * @param link the directed link that breaks it ("a->b"), where one link is to blame; else null
 * @param detail a sentence for people, e.g. "loss 4.80% > 1.00% on core3->core7"
 */
public record SlaViolation(FailReason reason, String link, String detail) {
}

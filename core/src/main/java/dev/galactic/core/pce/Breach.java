package dev.galactic.core.pce;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.util.StdConverter;
import dev.galactic.core.telemetry.LinkId;

/**
 * One reason a demand's class is not met, predicted or measured: the PCE finds no path that
 * meets the class ({@link PathResult#violation()}), or the SLA monitor sees the path in use
 * break it (the breaches of an {@code SlaResult.SlaViolation}). Both name the broken
 * constraint and the directed link to blame in the same terms, so the monitor passes the PCE's
 * reason on as it is.
 *
 * @param reason the broken constraint, as data
 * @param link the directed link to blame, where one is; else null. Written {@code from->to} in
 *             JSON, as results have always named it
 * @param detail a sentence for people, with the figures: "loss 4.8000% > 1% on core3->core7" from
 *               the PCE, "loss 4.8% > 1% on segment core3 -> core7" from the monitor
 */
public record Breach(FailReason reason, @JsonSerialize(converter = Breach.Arrow.class) LinkId link, String detail) {

    static final class Arrow extends StdConverter<LinkId, String> {
        @Override
        public String convert(LinkId l) { return l.from() + "->" + l.to(); }
    }
}

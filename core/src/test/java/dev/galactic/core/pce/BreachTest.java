package dev.galactic.core.pce;

import dev.galactic.core.agent.AgentProtocol;
import dev.galactic.core.telemetry.LinkId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A breach is telemetry's LinkId in Java and the results' {@code from->to} in JSON. */
class BreachTest {

    @Test
    void aBreachNamesItsLinkAsResultsAlwaysDid() throws Exception {
        Breach b = new Breach(FailReason.LOSS, LinkId.of("core3", "core7"), "loss 4.8000% > 1% on core3->core7");
        assertThat(PceJson.write(b)).isEqualTo("""
                {
                  "reason" : "LOSS",
                  "link" : "core3->core7",
                  "detail" : "loss 4.8000% > 1% on core3->core7"
                }
                """);
        // the API's mapper keeps nulls
        assertThat(AgentProtocol.json().writeValueAsString(new Breach(FailReason.NO_PATH, null, "no path")))
                .isEqualTo("{\"reason\":\"NO_PATH\",\"link\":null,\"detail\":\"no path\"}");
    }
}

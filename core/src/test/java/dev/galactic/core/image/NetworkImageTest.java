package dev.galactic.core.image;

import dev.galactic.core.agent.AgentMessage;
import dev.galactic.core.bgp.BgpSessions;
import dev.galactic.core.bgp.LearnedRoute;
import dev.galactic.core.bgp.SessionState;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.ResourceKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The image's parts as {@link NetworkImage#apply} derives them from deltas. */
class NetworkImageTest {

    static final ResourceImage INTENT = Examples.intent("backbone.yaml", "acme-l3vpn-traffic-classes.yaml", "initech-hub-and-spoke.yaml");
    static final Instant T0 = Instant.parse("2026-12-08T00:00:00Z");
    static final String KEY = "y".repeat(42) + "A=";
    static final ResourceKey SEATTLE = new ResourceKey(Kind.ATTACHMENT, "initech", "branch-seattle");

    static NetworkDelta committed(ResourceImage before, ResourceImage after) {
        return NetworkDelta.intent(new NetworkDelta.IntentDelta(2, before, after, List.of()));
    }

    static NetworkDelta routes(String node, Instant at) {
        return NetworkDelta.report(new NodeReport.RoutesReported(node, new AgentMessage.Routes("initech", "branch-seattle",
                SessionState.ESTABLISHED, List.of(new LearnedRoute("10.101.1.0/24", List.of(65101L), List.of(), null)), null), at));
    }

    @Test
    void committedIntentBringsItsSidPlanAndKeepsEveryOtherPart() {
        NetworkImage empty = NetworkImage.of(1, ResourceImage.EMPTY);
        NetworkImage image = empty.apply(committed(ResourceImage.EMPTY, INTENT));
        assertThat(image.revision()).isEqualTo(2);
        assertThat(image.sids().locator("fra")).isPresent();
        assertThat(image.sids().tenantId("acme")).isPresent();
        assertThat(image.sids().vpcId("initech", "corp")).isPresent();
        assertThat(image.links()).isSameAs(empty.links());
        assertThat(image.bgp()).isSameAs(empty.bgp());
        // a tick with nothing to expire, or a report that is not taken, leaves the image as it was
        assertThat(image.apply(NetworkDelta.tick(T0))).isSameAs(image);
        assertThat(image.apply(routes("edge-dub", T0))).as("edge-dub does not speak for Seattle").isSameAs(image);
    }

    @Test
    void aWellFormedKeyIsKeptAndAMalformedOneIgnored() {
        NetworkImage image = NetworkImage.of(1, INTENT);
        NetworkImage keyed = image.apply(NetworkDelta.report(new NodeReport.KeyReported("edge-ber", KEY)));
        assertThat(keyed.keys()).containsExactlyEntriesOf(java.util.Map.of("edge-ber", KEY));
        assertThat(keyed.sids()).isSameAs(image.sids());
        assertThat(keyed.apply(NetworkDelta.report(new NodeReport.KeyReported("edge-ber", KEY)))).as("the same key again").isSameAs(keyed);
        assertThat(keyed.apply(NetworkDelta.report(new NodeReport.KeyReported("edge-ber", "not a key")))).isSameAs(keyed);
    }

    @Test
    void aSessionStandsOnItsAgentsWordUntilTheGraceAfterItLeft() {
        NetworkImage image = NetworkImage.of(1, INTENT)
                .apply(NetworkDelta.report(new NodeReport.AgentSession("edge-sea", true, T0)))
                .apply(routes("edge-sea", T0));
        assertThat(image.bgp().sessions().get(SEATTLE).state()).isEqualTo(SessionState.ESTABLISHED);
        Instant left = T0.plusSeconds(5);
        NetworkImage away = image.apply(NetworkDelta.report(new NodeReport.AgentSession("edge-sea", false, left)));
        assertThat(away.apply(NetworkDelta.tick(left.plus(BgpSessions.AGENT_GRACE).minusMillis(1))).bgp().sessions().get(SEATTLE).state())
                .isEqualTo(SessionState.ESTABLISHED);
        NetworkImage expired = away.apply(NetworkDelta.tick(left.plus(BgpSessions.AGENT_GRACE)));
        assertThat(expired.bgp().sessions().get(SEATTLE).state()).isEqualTo(SessionState.UNKNOWN);
        assertThat(expired.bgp().sessions().get(SEATTLE).received()).isEmpty();
        // back within the grace: nothing expires
        NetworkImage back = away.apply(NetworkDelta.report(new NodeReport.AgentSession("edge-sea", true, left.plusSeconds(1))));
        assertThat(back.apply(NetworkDelta.tick(left.plus(BgpSessions.AGENT_GRACE))).bgp().sessions().get(SEATTLE).state())
                .isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void deletingAnAttachmentForgetsItsSessionAndItsVpcsId() {
        NetworkImage image = NetworkImage.of(1, INTENT).apply(routes("edge-sea", T0));
        ResourceImage without = INTENT.apply(List.of(), List.of(SEATTLE));
        NetworkImage after = image.apply(committed(INTENT, without));
        assertThat(after.bgp().sessions()).doesNotContainKey(SEATTLE);
        ResourceImage noCorp = without.apply(List.of(), INTENT.list(Kind.ATTACHMENT, "initech").stream().map(r -> r.key())
                .filter(k -> !k.equals(SEATTLE)).toList()).apply(List.of(), List.of(new ResourceKey(Kind.VPC, "initech", "corp")));
        NetworkImage gone = after.apply(committed(without, noCorp));
        assertThat(gone.sids().vpcId("initech", "corp")).isEmpty();
        // the id stays reserved for the VPC, should it come back
        assertThat(gone.apply(committed(noCorp, INTENT)).sids().vpcId("initech", "corp")).isEqualTo(image.sids().vpcId("initech", "corp"));
    }
}

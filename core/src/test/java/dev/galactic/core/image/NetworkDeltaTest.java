package dev.galactic.core.image;

import dev.galactic.core.model.Change;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.ObjectMeta;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.telemetry.LinkEvent;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;
import dev.galactic.core.telemetry.LinkStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkDeltaTest {

    private static Resource vpc(String tenant, String name) {
        return Resource.of(Kind.VPC, ObjectMeta.of(name, tenant), null);
    }

    private static Resource link(String a, String b) {
        return Resource.of(Kind.LINK, ObjectMeta.of(a + "-" + b, null), new LinkSpec(a, b, LinkSpec.LinkKind.PHYSICAL, null, null, null, null));
    }

    private static NetworkDelta.IntentDelta created(long revision, ResourceImage before, Resource... rs) {
        ResourceImage after = before.apply(List.of(rs), List.of());
        return new NetworkDelta.IntentDelta(revision, before, after,
                java.util.Arrays.stream(rs).map(r -> new Change(r.key(), Change.Action.CREATED, null, r, List.of())).toList());
    }

    private static LinkState state(String from, String to, LinkStatus status) {
        return new LinkState(LinkId.of(from, to), status, 10, 1, 0, null, null, 5, 1, null);
    }

    private static NetworkDelta.LinksDelta down(String from, String to) {
        LinkState s = state(from, to, LinkStatus.DOWN);
        return new NetworkDelta.LinksDelta(List.of(new LinkEvent.StatusChanged(s.link(), LinkStatus.UP, LinkStatus.DOWN, s, 1)), Map.of(s.link(), s));
    }

    @Test
    void anImageTakesEachPartFromTheDeltaThatChangedItAndKeepsTheRest() {
        NetworkDelta.IntentDelta i = created(7, ResourceImage.EMPTY, vpc("acme", "prod"));
        NetworkImage one = NetworkImage.EMPTY.apply(NetworkDelta.intent(i));
        assertEquals(7, one.revision());
        assertSame(i.after(), one.intent());
        assertEquals(Map.of(), one.links());

        NetworkDelta.LinksDelta l = down("fra", "nyc");
        NetworkImage two = one.apply(NetworkDelta.links(l));
        assertSame(one.intent(), two.intent(), "a telemetry tick shares the intent");
        assertEquals(7, two.revision());
        assertEquals(l.states(), two.links());
        assertSame(two, two.apply(NetworkDelta.tick(Instant.EPOCH)), "a tick alone changes nothing");
    }

    @Test
    void deltasInARowMergeIntoOneFromTheFirstBeforeToTheLastAfter() {
        NetworkDelta.IntentDelta a = created(1, ResourceImage.EMPTY, vpc("acme", "prod"));
        NetworkDelta.IntentDelta b = created(2, a.after(), vpc("globex", "main"));
        NetworkDelta merged = NetworkDelta.intent(a).then(NetworkDelta.links(down("fra", "nyc"))).then(NetworkDelta.intent(b))
                .then(NetworkDelta.links(down("nyc", "fra"))).then(NetworkDelta.tick(Instant.ofEpochSecond(5)));
        assertEquals(2, merged.intent().revision());
        assertSame(ResourceImage.EMPTY, merged.intent().before());
        assertSame(b.after(), merged.intent().after());
        assertEquals(2, merged.intent().changes().size());
        assertEquals(2, merged.links().events().size());
        assertEquals(Set.of(LinkId.of("nyc", "fra")), merged.links().states().keySet(), "the latest states stand");
        assertEquals(Instant.ofEpochSecond(5), merged.tick());
        assertEquals(NetworkImage.EMPTY.apply(NetworkDelta.intent(a)).apply(NetworkDelta.intent(b)).apply(NetworkDelta.links(down("nyc", "fra"))),
                NetworkImage.EMPTY.apply(merged), "applying the merge is applying each");
    }

    @Test
    void agentsReportsKeepTheirOrderAcrossMergedDeltasAndLeaveTheImageAlone() {
        NodeReport key = new NodeReport.KeyReported("edge-a", "k");
        NodeReport applied = new NodeReport.ConfigApplied("edge-a", 3, "h", "linux", null);
        NodeReport refused = new NodeReport.ConfigApplied("fra", 4, "h", "linux", "no such device");
        NetworkDelta merged = NetworkDelta.report(key).then(NetworkDelta.links(down("fra", "nyc"))).then(NetworkDelta.report(applied))
                .then(NetworkDelta.tick(Instant.EPOCH)).then(NetworkDelta.report(refused));
        assertEquals(List.of(key, applied, refused), merged.reports());
        assertEquals(List.of(applied, refused), merged.reports(NodeReport.ConfigApplied.class));
        assertEquals(List.of(), merged.reports(NodeReport.RoutesReported.class));
        assertEquals(List.of(key), NetworkDelta.report(key).then(NetworkDelta.NONE).reports());
        NetworkImage image = NetworkImage.of(1, ResourceImage.EMPTY);
        assertSame(image, image.apply(NetworkDelta.report(key)), "a malformed key changes no part of the image");
    }

    @Test
    void aTenantsChangeTouchesThatTenantAndTheBackbonesTouchesEveryone() {
        NetworkDelta acme = NetworkDelta.intent(created(1, ResourceImage.EMPTY, vpc("acme", "prod"), vpc("acme", "dev")));
        assertFalse(acme.touchedTenants().everyone());
        assertEquals(Set.of("acme"), acme.touchedTenants().tenants());
        assertFalse(acme.touchedTenants().touches("globex"));
        assertTrue(acme.touchedLinks().isEmpty());

        NetworkDelta backbone = NetworkDelta.intent(created(2, ResourceImage.EMPTY, vpc("acme", "prod"), link("fra", "nyc")));
        assertTrue(backbone.touchedTenants().touches("globex"));
        assertEquals(Set.of(LinkId.of("fra", "nyc"), LinkId.of("nyc", "fra")), backbone.touchedLinks());

        NetworkDelta telemetry = NetworkDelta.links(down("fra", "nyc"));
        assertFalse(telemetry.touchedTenants().touches("acme"), "a link event changes no intent");
        assertEquals(Set.of(LinkId.of("fra", "nyc")), telemetry.touchedLinks());
        assertTrue(telemetry.linkEvents());
        assertFalse(NetworkDelta.links(new NetworkDelta.LinksDelta(List.of(), Map.of())).linkEvents());
        assertNull(NetworkDelta.NONE.intent());
    }
}

package dev.galactic.controller.events;

import dev.galactic.core.bgp.LearnedRoute;
import dev.galactic.core.bgp.RouteDecision;
import dev.galactic.core.bgp.SessionState;
import dev.galactic.core.model.Change;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.pce.DemandKey;
import dev.galactic.core.pce.PathGovernor;
import dev.galactic.core.render.LocalFailover;
import dev.galactic.core.telemetry.LinkEvent;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkMetric;
import dev.galactic.core.telemetry.LinkState;
import dev.galactic.core.telemetry.LinkStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class EventJsonTest {

    static final DemandKey DEMAND = new DemandKey("acme", "corp", "interactive", "berlin", "boston");
    static final ResourceKey SITE = new ResourceKey(Kind.ATTACHMENT, "acme", "berlin");
    static final LearnedRoute ROUTE = new LearnedRoute("10.1.0.0/24", List.of(65001L), List.of("65001:1"), null);
    static final LinkState DOWN = new LinkState(LinkId.of("fra", "nyc"), LinkStatus.DOWN, 10, 1, 100, null, null, 5, 1, null);
    static final LinkEvent WENT_DOWN = new LinkEvent.StatusChanged(DOWN.link(), LinkStatus.UP, LinkStatus.DOWN, DOWN, 1);

    /** One of each kind of event, so that a new kind must be given its JSON here. */
    static final List<EventBody> ONE_OF_EACH = List.of(
            new EventBody.ResourceChanged(new ResourceKey(Kind.VPC, "acme", "corp"), Change.Action.CREATED, 3L, List.of("/spec/sites")),
            new EventBody.ResourceChanged(new ResourceKey(Kind.VPC, "acme", "corp"), Change.Action.CONFIGURED, 4L, List.of()),
            new EventBody.ResourceChanged(new ResourceKey(Kind.NODE, null, "fra"), Change.Action.DELETED, null, List.of()),
            new EventBody.PathChanged(DEMAND, List.of("fra", "nyc"), List.of("fra", "lon", "nyc"), new PathCause.LinkChanged(WENT_DOWN, 41, 2),
                    PathGovernor.Action.LEFT_BROKEN, null),
            new EventBody.PathSuppressed(DEMAND, List.of("fra", "nyc"), List.of("fra", "ams", "nyc"), "held down", Instant.ofEpochSecond(9)),
            new EventBody.PathFailover("acme", "edge-a", List.of(new LocalFailover.Switched("acme", "corp", "interactive", "10.2.0.0/24", "boston", "fra", "lon"))),
            new EventBody.SlaViolated(DEMAND, 7, "latency 80 ms > 50 ms", true),
            new EventBody.SlaRecovered(DEMAND, 7, 12.5),
            new EventBody.LinkChanged(WENT_DOWN, Audience.EVERYONE),
            new EventBody.LinkChanged(new LinkEvent.MetricsChanged(DOWN.link(), Set.of(LinkMetric.values()[0]), DOWN, DOWN, 1),
                    Audience.backbonePart(Optional.of(Set.of("acme")))),
            new EventBody.LinksDiscovered(List.of(LinkId.of("fra", "nyc"), LinkId.of("nyc", "fra")), Audience.EVERYONE),
            new EventBody.AgentChanged("edge-a", true, Audience.backbonePart(Optional.of(Set.of("acme")))),
            new EventBody.NodeFailover("edge-a", List.of("fra"), 3, Audience.EVERYONE),
            new EventBody.ConfigRefused("fra", 12, "no such device"),
            new EventBody.BgpSessionChanged(SITE, SessionState.ESTABLISHED, null, null),
            new EventBody.RouteLearned(SITE, ROUTE),
            new EventBody.RouteRejected(SITE, ROUTE, RouteDecision.Reason.BOGON, "10/8 is not yours"),
            new EventBody.RouteWithdrawn(SITE, ROUTE));

    @Test
    void everyKindOfEventHasABodyHere() {
        assertThat(ONE_OF_EACH.stream().map(EventBody::type).collect(Collectors.toCollection(() -> EnumSet.noneOf(EventType.class))))
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(EventType.values()));
    }

    @Test
    void theEnvelopeCarriesSeqTimeTypeTenantAndSummary() {
        var json = EventJson.of(new Event(5, Instant.ofEpochSecond(1), ONE_OF_EACH.get(6))).toString();
        assertThat(json).isEqualTo("{\"seq\":5,\"at\":\"1970-01-01T00:00:01Z\",\"type\":\"sla.violation\",\"tenant\":\"acme\","
                + "\"summary\":\"SLA violated on acme/corp interactive berlin → boston: latency 80 ms > 50 ms\","
                + "\"payload\":{\"violationId\":7,\"vpc\":\"corp\",\"trafficClass\":\"interactive\",\"from\":\"berlin\",\"to\":\"boston\","
                + "\"rootCause\":\"latency 80 ms > 50 ms\"}}");
        // the backbone's events carry no tenant
        assertThat(EventJson.of(new Event(6, Instant.EPOCH, ONE_OF_EACH.get(2))).has("tenant")).isFalse();
    }

    @Test
    void aPathChangeNamesTheLinkEventThatCausedItBySeq() {
        var body = (EventBody.PathChanged) ONE_OF_EACH.get(3);
        assertThat(EventJson.payload(body).toString()).isEqualTo("{\"vpc\":\"corp\",\"trafficClass\":\"interactive\",\"from\":\"berlin\",\"to\":\"boston\","
                + "\"reason\":\"" + WENT_DOWN.cause() + " (and 2 more link changes)\",\"decision\":\"left_broken\","
                + "\"before\":[\"fra\",\"nyc\"],\"after\":[\"fra\",\"lon\",\"nyc\"],"
                + "\"cause\":{\"kind\":\"link\",\"link\":\"fra -> nyc\",\"event\":\"link.status\",\"seq\":41,\"others\":2}}");
        var improved = new EventBody.PathChanged(DEMAND, List.of("a"), null, new PathCause.HoldDownEnded(), PathGovernor.Action.IMPROVED, "the candidate is better");
        assertThat(EventJson.payload(improved).toString()).isEqualTo("{\"vpc\":\"corp\",\"trafficClass\":\"interactive\",\"from\":\"berlin\",\"to\":\"boston\","
                + "\"reason\":\"the hold-down ended; the candidate is better\",\"decision\":\"improved\",\"before\":[\"a\"],\"cause\":{\"kind\":\"hold-down\"}}");
        assertThat(improved.summary()).isEqualTo("acme/corp interactive berlin → boston: a ⇒ none (the hold-down ended; the candidate is better)");
        assertThat(EventJson.payload(new EventBody.PathChanged(DEMAND, null, List.of("a"), new PathCause.IntentChanged(9), PathGovernor.Action.TAKEN, null))
                .path("cause").toString()).isEqualTo("{\"kind\":\"intent\",\"revision\":9}");
        assertThat(new PathCause.LinkChanged(WENT_DOWN, 0, 1).reason()).endsWith(" (and 1 more link change)");
    }

    @Test
    void eachKindKeepsTheFieldsClientsRead() {
        assertThat(EventJson.payload(ONE_OF_EACH.get(0)).toString())
                .isEqualTo("{\"kind\":\"Vpc\",\"name\":\"corp\",\"tenant\":\"acme\",\"resourceVersion\":3,\"fields\":[\"/spec/sites\"]}");
        assertThat(EventJson.payload(ONE_OF_EACH.get(5)).toString()).isEqualTo("{\"node\":\"edge-a\",\"routes\":[{\"vpc\":\"corp\","
                + "\"trafficClass\":\"interactive\",\"prefix\":\"10.2.0.0/24\",\"site\":\"boston\",\"from\":\"fra\",\"to\":\"lon\"}]}");
        assertThat(EventJson.payload(ONE_OF_EACH.get(12)).toString()).isEqualTo("{\"node\":\"edge-a\",\"deadUplinks\":[\"fra\"],\"routes\":3}");
        assertThat(EventJson.payload(ONE_OF_EACH.get(14)).toString())
                .isEqualTo("{\"tenant\":\"acme\",\"attachment\":\"berlin\",\"state\":\"ESTABLISHED\",\"previous\":null}");
        assertThat(EventJson.payload(ONE_OF_EACH.get(16)).toString()).isEqualTo("{\"tenant\":\"acme\",\"attachment\":\"berlin\","
                + "\"prefix\":\"10.1.0.0/24\",\"asPath\":[65001],\"communities\":[\"65001:1\"],\"reason\":\"BOGON\",\"why\":\"10/8 is not yours\"}");
        assertThat(EventJson.payload(ONE_OF_EACH.get(8)).path("status").asText()).isEqualTo("down");
    }

    @Test
    void whoSeesWhat() {
        EventBody edgeNews = ONE_OF_EACH.get(11);
        assertThat(edgeNews.audience().visibleTo("acme")).isTrue();
        assertThat(edgeNews.audience().visibleTo("zeta")).isFalse();
        assertThat(ONE_OF_EACH.get(2).audience()).isEqualTo(Audience.EVERYONE); // a Node: the shared catalogue
        assertThat(ONE_OF_EACH.get(13).audience().visibleTo("acme")).isFalse(); // a refused config: operators only
        assertThat(ONE_OF_EACH.get(0).audience().visibleTo("zeta")).isFalse();
        assertThat(new EventBody.ResourceChanged(new ResourceKey(Kind.TENANT, null, "zeta"), Change.Action.CREATED, 1L, List.of())
                .audience().visibleTo("zeta")).isTrue();
    }
}

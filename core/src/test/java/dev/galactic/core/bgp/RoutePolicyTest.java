package dev.galactic.core.bgp;

import dev.galactic.core.bgp.RouteDecision.Reason;
import dev.galactic.core.bgp.RouteDecision.Rejected;
import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.AttachmentSpec.AllowedPrefix;
import dev.galactic.core.model.AttachmentSpec.AttachmentKind;
import dev.galactic.core.model.AttachmentSpec.Bgp;
import dev.galactic.core.model.AttachmentSpec.MaxPrefixAction;
import dev.galactic.core.net.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RoutePolicyTest {

    static final List<IpPrefix> SIDS = List.of(IpPrefix.parse("fc00::/16"));

    static Bgp bgp(List<AllowedPrefix> allowed, Integer max, MaxPrefixAction action, Boolean allowDefault) {
        return new Bgp(65001L, "172.16.1.2", allowed, List.of(), max, action, allowDefault, null);
    }

    static AttachmentSpec site(List<String> statics, Boolean anycast, Bgp bgp) {
        return new AttachmentSpec("main", "edge-a", AttachmentKind.PORT, statics, anycast, bgp);
    }

    static LearnedRoute route(String prefix, Long... path) {
        return new LearnedRoute(prefix, List.of(path), List.of("65001:100"), "172.16.1.2");
    }

    static RoutePolicy.Site s(String name, AttachmentSpec spec, List<LearnedRoute> received) {
        return new RoutePolicy.Site(name, spec, received, Set.of());
    }

    static Map<String, Reason> reasons(RoutePolicy.Result r) {
        Map<String, Reason> m = new java.util.TreeMap<>();
        r.decisions().forEach(d -> m.put(d.route().prefix(), d instanceof Rejected x ? x.reason() : null));
        return m;
    }

    static final AttachmentSpec OPEN = site(List.of(), false, bgp(List.of(new AllowedPrefix("10.0.0.0/8", 24)), null, null, null));

    @Test
    void eachRuleRejectsWithItsReasonAndSaysWhy() {
        var result = RoutePolicy.evaluate(List.of(s("a", OPEN, List.of(
                route("10.1.0.0/24", 65001L),
                route("10.1.1.0/25", 65001L),
                route("192.168.0.0/16", 65001L),
                route("0.0.0.0/0", 65001L),
                route("127.0.0.0/8", 65001L),
                route("10.2.0.0/24", 65001L, 65099L),
                route("10.3.0.0/24"),
                route("10.1.2.1/24", 65001L)))), SIDS).get("a");
        Map<String, java.util.Optional<Reason>> got = new java.util.TreeMap<>();
        reasons(result).forEach((k, v) -> got.put(k, java.util.Optional.ofNullable(v)));
        assertThat(got).containsExactlyInAnyOrderEntriesOf(Map.of(
                "10.1.0.0/24", java.util.Optional.empty(),
                "10.1.1.0/25", java.util.Optional.of(Reason.TOO_SPECIFIC),
                "192.168.0.0/16", java.util.Optional.of(Reason.NOT_ALLOWED),
                "0.0.0.0/0", java.util.Optional.of(Reason.DEFAULT_ROUTE),
                "127.0.0.0/8", java.util.Optional.of(Reason.BOGON),
                "10.2.0.0/24", java.util.Optional.of(Reason.ORIGIN_AS),
                "10.3.0.0/24", java.util.Optional.of(Reason.ORIGIN_AS),
                "10.1.2.1/24", java.util.Optional.of(Reason.MALFORMED)));
        assertThat(why(result, "10.1.1.0/25")).contains("maxLength /24");
        assertThat(why(result, "127.0.0.0/8")).contains("loopback");
        assertThat(why(result, "10.2.0.0/24")).contains("65099").contains("[65001]");
        assertThat(why(result, "192.168.0.0/16")).contains("10.0.0.0/8 le 24");
        assertThat(result.acceptedPrefixes()).containsExactly("10.1.0.0/24");
        assertThat(result.tearDown()).isFalse();
    }

    static String why(RoutePolicy.Result r, String prefix) {
        return r.decisions().stream().filter(d -> d.route().prefix().equals(prefix)).map(d -> ((Rejected) d).why()).findFirst().orElseThrow();
    }

    @Test
    void privateSpaceIsNotABogonButTheSidSpaceAndMartiansAre() {
        AttachmentSpec any = site(List.of(), false, bgp(List.of(new AllowedPrefix("0.0.0.0/0", 32), new AllowedPrefix("::/0", 128)), null, null, null));
        var r = RoutePolicy.evaluate(List.of(s("a", any, List.of(route("10.0.0.0/8", 65001L), route("172.16.0.0/12", 65001L),
                route("192.168.1.0/24", 65001L), route("100.64.0.0/10", 65001L), route("fd01::/48", 65001L),
                route("fc00:1::/48", 65001L), route("fc00::/7", 65001L), route("169.254.1.0/24", 65001L), route("224.0.0.0/8", 65001L),
                route("fe80::/64", 65001L), route("2001:db8:1::/48", 65001L), route("0.0.0.0/8", 65001L)))), SIDS).get("a");
        assertThat(r.acceptedPrefixes()).containsExactlyInAnyOrder("10.0.0.0/8", "172.16.0.0/12", "192.168.1.0/24", "100.64.0.0/10", "fd01::/48");
        assertThat(reasons(r).values().stream().filter(java.util.Objects::nonNull)).hasSize(7).allMatch(x -> x == Reason.BOGON);
        assertThat(why(r, "fc00::/7")).contains("SID space fc00::/16");
    }

    @Test
    void withoutAllowedPrefixesOnlyTheStaticPrefixesThemselvesAreAllowed() {
        AttachmentSpec a = site(List.of("10.1.0.0/24"), false, bgp(List.of(), null, null, null));
        var r = RoutePolicy.evaluate(List.of(s("a", a, List.of(route("10.1.0.0/24", 65001L), route("10.1.0.0/25", 65001L),
                route("10.9.0.0/24", 65001L)))), SIDS).get("a");
        assertThat(reasons(r)).containsEntry("10.1.0.0/25", Reason.TOO_SPECIFIC).containsEntry("10.9.0.0/24", Reason.NOT_ALLOWED);
        assertThat(r.acceptedPrefixes()).containsExactly("10.1.0.0/24");
    }

    @Test
    void defaultRouteOnlyWithAllowDefaultAndItDoesNotClashWithMoreSpecifics() {
        AttachmentSpec hub = site(List.of(), false, bgp(List.of(), null, null, true));
        AttachmentSpec spoke = site(List.of("10.2.0.0/24"), false, null);
        var r = RoutePolicy.evaluate(List.of(s("hub", hub, List.of(route("0.0.0.0/0", 65001L))), s("spoke", spoke, List.of())), SIDS);
        assertThat(r.get("hub").acceptedPrefixes()).containsExactly("0.0.0.0/0");
        assertThat(r).doesNotContainKey("spoke");
    }

    @Test
    void explicitOriginAsnsReplaceThePeer() {
        Bgp b = new Bgp(65001L, "172.16.1.2", List.of(new AllowedPrefix("10.0.0.0/8", 24)), List.of(65010L), null, null, null, null);
        var r = RoutePolicy.evaluate(List.of(s("a", site(List.of(), false, b), List.of(route("10.1.0.0/24", 65001L, 65010L),
                route("10.2.0.0/24", 65001L)))), SIDS).get("a");
        assertThat(r.acceptedPrefixes()).containsExactly("10.1.0.0/24");
    }

    @Test
    void stopLearningKeepsWhatWasAcceptedBeforeAndRejectsTheSurplus() {
        AttachmentSpec a = site(List.of(), false, bgp(List.of(new AllowedPrefix("10.0.0.0/8", 24)), 2, MaxPrefixAction.STOP_LEARNING, null));
        List<LearnedRoute> three = List.of(route("10.1.0.0/24", 65001L), route("10.2.0.0/24", 65001L), route("10.3.0.0/24", 65001L));
        var fresh = RoutePolicy.evaluate(List.of(s("a", a, three)), SIDS).get("a");
        assertThat(fresh.acceptedPrefixes()).containsExactly("10.1.0.0/24", "10.2.0.0/24");
        assertThat(reasons(fresh)).containsEntry("10.3.0.0/24", Reason.MAX_PREFIXES);
        var later = RoutePolicy.evaluate(List.of(new RoutePolicy.Site("a", a, three, Set.of("10.2.0.0/24", "10.3.0.0/24"))), SIDS).get("a");
        assertThat(later.acceptedPrefixes()).containsExactly("10.2.0.0/24", "10.3.0.0/24");
        assertThat(later.tearDown()).isFalse();
        // invalid routes do not count towards the limit
        var withJunk = RoutePolicy.evaluate(List.of(s("a", a, List.of(route("10.1.0.0/24", 65001L), route("127.0.0.0/8", 65001L),
                route("192.168.0.0/24", 65001L)))), SIDS).get("a");
        assertThat(withJunk.acceptedPrefixes()).containsExactly("10.1.0.0/24");
    }

    @Test
    void tearDownRejectsEverythingAndAsksForTheSessionToGoDown() {
        AttachmentSpec a = site(List.of(), false, bgp(List.of(new AllowedPrefix("10.0.0.0/8", 24)), 1, MaxPrefixAction.TEAR_DOWN, null));
        var r = RoutePolicy.evaluate(List.of(s("a", a, List.of(route("10.1.0.0/24", 65001L), route("10.2.0.0/24", 65001L)))), SIDS).get("a");
        assertThat(r.acceptedPrefixes()).isEmpty();
        assertThat(r.tearDown()).isTrue();
        assertThat(why(r, "10.1.0.0/24")).contains("tear-down");
        // once shut, the session reports nothing: while held down it stays shut instead of coming straight back
        var held = RoutePolicy.evaluate(List.of(new RoutePolicy.Site("a", a, List.of(), Set.of(), true)), SIDS).get("a");
        assertThat(held.tearDown()).isTrue();
        var lifted = RoutePolicy.evaluate(List.of(new RoutePolicy.Site("a", a, List.of(), Set.of(), false)), SIDS).get("a");
        assertThat(lifted.tearDown()).isFalse();
    }

    @Test
    void overlapWithAnotherSiteIsRejectedUnlessBothAreAnycast() {
        AttachmentSpec b = site(List.of("10.2.0.0/23"), false, null);
        var r = RoutePolicy.evaluate(List.of(s("a", OPEN, List.of(route("10.2.1.0/24", 65001L), route("10.1.0.0/24", 65001L))),
                s("b", b, List.of())), SIDS).get("a");
        assertThat(reasons(r)).containsEntry("10.2.1.0/24", Reason.OVERLAPS_SITE);
        assertThat(why(r, "10.2.1.0/24")).contains("10.2.0.0/23 (static)").contains("\"b\"");

        AttachmentSpec anyA = site(List.of(), true, OPEN.bgp());
        AttachmentSpec anyB = site(List.of("10.2.0.0/24"), true, null);
        var any = RoutePolicy.evaluate(List.of(s("a", anyA, List.of(route("10.2.0.0/24", 65001L))), s("b", anyB, List.of())), SIDS).get("a");
        assertThat(any.acceptedPrefixes()).containsExactly("10.2.0.0/24");
    }

    @Test
    void aSessionFlapAtOneAnycastSiteKeepsThePrefixAnnouncedByTheOther() {
        AttachmentSpec any = site(List.of(), true, OPEN.bgp());
        List<LearnedRoute> both = List.of(route("10.5.0.0/24", 65001L));
        var up = RoutePolicy.evaluate(List.of(s("a", any, both), s("b", any, both)), SIDS);
        assertThat(up.get("a").acceptedPrefixes()).containsExactly("10.5.0.0/24");
        assertThat(up.get("b").acceptedPrefixes()).containsExactly("10.5.0.0/24");
        // a's session drops (it reports nothing): b still carries the prefix
        var flap = RoutePolicy.evaluate(List.of(new RoutePolicy.Site("a", any, List.of(), Set.of("10.5.0.0/24")),
                new RoutePolicy.Site("b", any, both, Set.of("10.5.0.0/24"))), SIDS);
        assertThat(flap.get("a").acceptedPrefixes()).isEmpty();
        assertThat(flap.get("b").acceptedPrefixes()).containsExactly("10.5.0.0/24");
    }

    @Test
    void twoSitesLearningTheSamePrefixResolveTheSameWayEveryTime() {
        List<LearnedRoute> same = List.of(route("10.5.0.0/24", 65001L));
        var first = RoutePolicy.evaluate(List.of(s("b", OPEN, same), s("a", OPEN, same)), SIDS);
        assertThat(first.get("a").acceptedPrefixes()).containsExactly("10.5.0.0/24");
        assertThat(reasons(first.get("b"))).containsEntry("10.5.0.0/24", Reason.OVERLAPS_SITE);
        // once b holds it, a later claim by a does not take it away
        var held = RoutePolicy.evaluate(List.of(new RoutePolicy.Site("b", OPEN, same, Set.of("10.5.0.0/24")), s("a", OPEN, same)), SIDS);
        assertThat(held.get("b").acceptedPrefixes()).containsExactly("10.5.0.0/24");
        assertThat(held.get("a").acceptedPrefixes()).isEmpty();
    }
}

package dev.galactic.core.bgp;

import dev.galactic.core.bgp.RouteDecision.Accepted;
import dev.galactic.core.bgp.RouteDecision.Reason;
import dev.galactic.core.bgp.RouteDecision.Rejected;
import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.AttachmentSpec.AllowedPrefix;
import dev.galactic.core.model.AttachmentSpec.MaxPrefixAction;
import dev.galactic.core.net.IpPrefix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which learned routes a VPC takes: every route each site's session received, judged against
 * that attachment's BGP policy and against the other sites of the VPC at once (overlap is a
 * property of the whole VPC). Pure and deterministic: the same reports give the same decisions.
 *
 * <p>The checks, in order (the first that fails names the rejection):
 * <ol>
 *   <li>per route: well-formed prefix; the default route only with {@code allowDefault}; no
 *       martian ({@link Bogons}) and nothing overlapping the backbone's SID space; inside an
 *       allowed prefix (exactly one of the static prefixes when {@code allowedPrefixes} is empty)
 *       and no longer than its {@code maxLength}; origin AS (the AS path's last) one of
 *       {@code originAsns} (the peer's ASN when empty);</li>
 *   <li>per session: more valid routes than {@code maxPrefixes}: with {@code stop-learning}
 *       the surplus is rejected, keeping routes accepted before (so a new announcement cannot
 *       evict an old one), then the lowest prefixes; with {@code tear-down} every route is
 *       rejected and the session is to be shut down;</li>
 *   <li>per VPC: a route overlapping a static prefix of another site, or a route of another
 *       site accepted first, is rejected unless both attachments are anycast (the same rule as
 *       for static prefixes). "First" is: accepted before, then the attachment name, then the
 *       prefix, so two sites racing for a prefix always resolve the same way.</li>
 * </ol>
 */
public final class RoutePolicy {

    /**
     * One site of the VPC.
     *
     * @param received what its session received (empty for a site without BGP, or a session that is down)
     * @param previouslyAccepted the prefixes accepted from it in the last evaluation
     * @param heldDown whether its session was torn down (maxPrefixAction tear-down) recently
     *                 enough that it stays down: nothing is learned from it and it stays shut
     */
    public record Site(String attachment, AttachmentSpec spec, List<LearnedRoute> received, Set<String> previouslyAccepted,
                       boolean heldDown) {
        public Site {
            received = List.copyOf(received);
            previouslyAccepted = Set.copyOf(previouslyAccepted);
        }

        public Site(String attachment, AttachmentSpec spec, List<LearnedRoute> received, Set<String> previouslyAccepted) {
            this(attachment, spec, received, previouslyAccepted, false);
        }
    }

    /**
     * @param decisions one per distinct received prefix, sorted by prefix
     * @param tearDown whether maxPrefixAction tear-down fired: the session is to be shut down
     */
    public record Result(List<RouteDecision> decisions, boolean tearDown) {
        public Result {
            decisions = List.copyOf(decisions);
        }

        public List<String> acceptedPrefixes() {
            return decisions.stream().filter(RouteDecision::accepted).map(d -> d.route().prefix()).toList();
        }
    }

    private RoutePolicy() {
    }

    /**
     * @param sites every attachment of one VPC
     * @param reserved the backbone's SID space ({@link dev.galactic.core.sid.SidLayout#space}): no learned prefix may overlap it
     * @return a result per attachment that has a BGP session, by attachment name
     */
    public static Map<String, Result> evaluate(List<Site> sites, List<IpPrefix> reserved) {
        Map<String, Map<String, RouteDecision>> decided = new TreeMap<>();
        List<Candidate> candidates = new ArrayList<>();
        Map<String, Boolean> tearDown = new TreeMap<>();
        PrefixTrie<Owner> owned = new PrefixTrie<>();
        for (Site s : sites) {
            for (String p : s.spec().prefixes()) owned.put(IpPrefix.parse(p), new Owner(s.attachment(), s.spec().anycastEnabled(), p, IpPrefix.parse(p).length(), true));
        }
        for (Site s : sites) {
            AttachmentSpec.Bgp bgp = s.spec().bgp();
            if (bgp == null) continue;
            Map<String, RouteDecision> mine = new TreeMap<>();
            decided.put(s.attachment(), mine);
            List<Candidate> valid = new ArrayList<>();
            for (LearnedRoute r : unique(s.received())) {
                Optional<Rejected> no = intrinsic(r, s.spec(), reserved);
                if (no.isPresent()) mine.put(r.prefix(), no.get());
                else valid.add(new Candidate(s, r, IpPrefix.parse(r.prefix())));
            }
            int max = bgp.maxPrefixes() == null ? Integer.MAX_VALUE : bgp.maxPrefixes();
            boolean over = valid.size() > max;
            // a session held down after a tear-down reports nothing once shut; it must not come straight back
            boolean tear = s.heldDown() || (over && bgp.maxPrefixAction() == MaxPrefixAction.TEAR_DOWN);
            tearDown.put(s.attachment(), tear);
            valid.sort(FIRST);
            for (int i = 0; i < valid.size(); i++) {
                Candidate c = valid.get(i);
                if (tear || i >= max) {
                    mine.put(c.route().prefix(), new Rejected(c.route(), Reason.MAX_PREFIXES, s.heldDown() && !over
                            ? "the session is held down after a maxPrefixes tear-down" : "session announced " + valid.size()
                            + " valid prefixes, more than maxPrefixes " + max + (tear ? "; maxPrefixAction tear-down shuts the session down"
                            : "; maxPrefixAction stop-learning keeps the first " + max)));
                } else {
                    candidates.add(c);
                }
            }
        }
        candidates.sort(FIRST);
        for (Candidate c : candidates) {
            Optional<Owner> clash = owned.overlapping(c.prefix()).stream()
                    .filter(o -> !o.attachment().equals(c.site().attachment()))
                    .filter(o -> !(o.anycast() && c.site().spec().anycastEnabled()))
                    // a default route (allowed explicitly) is less specific than everything: it clashes only with another default
                    .filter(o -> (o.length() == 0) == (c.prefix().length() == 0)).findFirst();
            Map<String, RouteDecision> mine = decided.get(c.site().attachment());
            if (clash.isPresent()) {
                Owner o = clash.get();
                mine.put(c.route().prefix(), new Rejected(c.route(), Reason.OVERLAPS_SITE, c.prefix() + " overlaps " + o.prefix()
                        + (o.isStatic() ? " (static)" : " (learned)") + " of attachment \"" + o.attachment()
                        + "\" in the same VPC, and not both attachments are anycast"));
            } else {
                owned.put(c.prefix(), new Owner(c.site().attachment(), c.site().spec().anycastEnabled(), c.route().prefix(), c.prefix().length(), false));
                mine.put(c.route().prefix(), new Accepted(c.route()));
            }
        }
        Map<String, Result> out = new TreeMap<>();
        decided.forEach((a, m) -> out.put(a, new Result(List.copyOf(m.values()), tearDown.getOrDefault(a, false))));
        return out;
    }

    private record Candidate(Site site, LearnedRoute route, IpPrefix prefix) {
    }

    private record Owner(String attachment, boolean anycast, String prefix, int length, boolean isStatic) {
    }

    /** Accepted before first, then by attachment and prefix: the order that decides races and surplus. */
    private static final Comparator<Candidate> FIRST = Comparator
            .comparing((Candidate c) -> !c.site().previouslyAccepted().contains(c.route().prefix()))
            .thenComparing(c -> c.site().attachment()).thenComparing(Candidate::prefix);

    /** One route per prefix (a daemon may list several paths): the first as reported. */
    private static List<LearnedRoute> unique(List<LearnedRoute> routes) {
        Map<String, LearnedRoute> byPrefix = new LinkedHashMap<>();
        for (LearnedRoute r : routes) byPrefix.putIfAbsent(r.prefix(), r);
        return List.copyOf(byPrefix.values());
    }

    /** The checks that need only the route and its own attachment; empty when it passes them. */
    static Optional<Rejected> intrinsic(LearnedRoute r, AttachmentSpec spec, List<IpPrefix> reserved) {
        AttachmentSpec.Bgp bgp = spec.bgp();
        IpPrefix.Parsed parsed = IpPrefix.parseOrError(r.prefix());
        if (parsed.prefix().isEmpty()) return reject(r, Reason.MALFORMED, parsed.error());
        IpPrefix p = parsed.prefix().get();
        Optional<Bogons.Refusal> refused = Bogons.refusal(p, Boolean.TRUE.equals(bgp.allowDefault()), reserved);
        if (refused.isPresent()) return reject(r, refused.get().reason(), refused.get().why());
        if (p.length() > 0) {
            Optional<Rejected> allowed = allowed(r, p, spec);
            if (allowed.isPresent()) return allowed;
        }
        List<Long> origins = bgp.originAsns().isEmpty() ? List.of(bgp.peerAsn()) : bgp.originAsns();
        Long origin = r.originAsn();
        if (origin == null) return reject(r, Reason.ORIGIN_AS, "empty AS path: the origin must be one of " + origins);
        if (!origins.contains(origin)) {
            return reject(r, Reason.ORIGIN_AS, "origin AS " + origin + " (AS path " + r.asPath() + ") is not one of the allowed origins " + origins);
        }
        return Optional.empty();
    }

    private static Optional<Rejected> allowed(LearnedRoute r, IpPrefix p, AttachmentSpec spec) {
        List<AllowedPrefix> allowed = spec.bgp().allowedPrefixes();
        boolean fromStatic = allowed.isEmpty();
        if (fromStatic) allowed = spec.prefixes().stream().map(s -> new AllowedPrefix(s, null)).toList();
        Integer longest = null;
        for (AllowedPrefix a : allowed) {
            IpPrefix ap = IpPrefix.parse(a.prefix());
            if (!ap.contains(p)) continue;
            int max = a.maxLength() == null ? ap.length() : a.maxLength();
            if (p.length() <= max) return Optional.empty();
            longest = longest == null ? max : Math.max(longest, max);
        }
        if (longest != null) {
            return reject(r, Reason.TOO_SPECIFIC, p + " is longer than the allowed maxLength /" + longest);
        }
        return reject(r, Reason.NOT_ALLOWED, p + " is not inside the attachment's "
                + (fromStatic ? "static prefixes " + spec.prefixes() + " (bgp.allowedPrefixes is empty)"
                : "allowedPrefixes " + allowed.stream().map(a -> a.prefix() + (a.maxLength() == null ? "" : " le " + a.maxLength())).toList()));
    }

    private static Optional<Rejected> reject(LearnedRoute r, Reason reason, String why) {
        return Optional.of(new Rejected(r, reason, why));
    }
}

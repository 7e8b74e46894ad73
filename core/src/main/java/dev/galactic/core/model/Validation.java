package dev.galactic.core.model;

import dev.galactic.core.bgp.Bogons;
import dev.galactic.core.model.AttachmentSpec.Bgp;
import dev.galactic.core.model.NodeSpec.NodeRole;
import dev.galactic.core.net.IpAddress;
import dev.galactic.core.net.IpPrefix;
import dev.galactic.core.sid.SidLayout;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What makes a resource valid, as pure functions: {@link #intrinsic} checks one resource on its
 * own; {@link #references} checks it against the state the change would leave behind
 * (referenced objects exist and have the right role, prefixes do not overlap, ...).
 */
public final class Validation {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final long MAX_ASN = 4_294_967_295L;
    private static final long AS_TRANS = 23_456L;

    private Validation() {
    }

    /** Collects errors under pointers. */
    private static final class Errors {
        final List<FieldError> list = new ArrayList<>();

        void add(String pointer, String reason) { list.add(new FieldError(pointer, reason)); }

        void require(Object value, String pointer, String what) {
            if (value == null || (value instanceof String s && s.isBlank())) add(pointer, what + " is required");
        }

        void positive(Number v, String pointer) {
            if (v != null && v.doubleValue() <= 0) add(pointer, "must be greater than 0, not " + v);
        }

        void nonNegative(Number v, String pointer) {
            if (v != null && v.doubleValue() < 0) add(pointer, "must not be negative, not " + v);
        }

        void name(String n, String pointer, String what) {
            if (n == null || n.isBlank()) add(pointer, what + " is required");
            else if (!NAME.matcher(n).matches()) {
                add(pointer, "\"" + n + "\" is not a valid " + what + ": use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit");
            }
        }

        Optional<IpPrefix> prefix(String text, String pointer) {
            IpPrefix.Parsed p = IpPrefix.parseOrError(text);
            if (p.prefix().isEmpty()) add(pointer, p.error());
            return p.prefix();
        }

        void address(String text, String pointer) {
            if (text == null || IpAddress.tryParse(text).isEmpty()) {
                add(pointer, "\"" + text + "\" is not an IPv4 or IPv6 address");
            }
        }

        void asn(Long asn, String pointer) {
            if (asn == null) return;
            if (asn < 1 || asn > MAX_ASN) add(pointer, "ASN " + asn + " is out of range: use 1 to 4294967295");
            else if (asn == AS_TRANS) add(pointer, "ASN 23456 is AS_TRANS (RFC 6793) and cannot be used by a speaker");
        }

        void text(String text, String pointer, int maxLength) {
            FreeText.problem(text, maxLength).ifPresent(why -> add(pointer, pointer.substring(pointer.lastIndexOf('/') + 1) + " " + why));
        }

        void percent(Double v, String pointer) {
            if (v != null && (v < 0 || v > 100)) add(pointer, "must be a percentage from 0 to 100, not " + v);
        }

        void ports(List<String> ports, String pointer) {
            for (int i = 0; i < ports.size(); i++) {
                String p = ports.get(i);
                String[] parts = p.split("-", -1);
                boolean ok = parts.length <= 2;
                int lo = 0, hi = 0;
                try {
                    lo = Integer.parseInt(parts[0].trim());
                    hi = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : lo;
                } catch (NumberFormatException e) {
                    ok = false;
                }
                if (!ok || lo < 1 || hi > 65535 || lo > hi) {
                    add(pointer + "/" + i, "\"" + p + "\" is not a port (1-65535) or a range like 8000-8080");
                }
            }
        }
    }

    /** Checks one resource on its own, by the default configuration. */
    public static List<FieldError> intrinsic(Resource r) {
        return intrinsic(r, ValidationConfig.DEFAULT);
    }

    /** Checks one resource on its own. */
    public static List<FieldError> intrinsic(Resource r, ValidationConfig config) {
        Errors e = new Errors();
        ObjectMeta m = r.metadata();
        e.name(m.name(), "/metadata/name", "name");
        switch (r.kind().scope()) {
            case CLUSTER -> {
                if (m.tenant() != null) e.add("/metadata/tenant", r.kind().wireName() + " is a backbone resource and belongs to no tenant; remove metadata.tenant");
            }
            case TENANT -> e.name(m.tenant(), "/metadata/tenant", "tenant");
            case TENANT_OR_CLUSTER -> {
                if (m.tenant() != null) e.name(m.tenant(), "/metadata/tenant", "tenant");
            }
        }
        m.labels().forEach((k, v) -> {
            String p = "/metadata/labels/" + FieldError.token(k);
            if (!LABEL_KEY.matcher(k).matches()) e.add(p, "label key \"" + k + "\" is not valid: use letters, digits, '-', '_' and '.', with an optional DNS prefix and '/'");
            if (!LABEL_VALUE.matcher(v).matches()) e.add(p, "label value \"" + v + "\" is not valid: up to 63 letters, digits, '-', '_' and '.'");
        });
        switch (r.spec()) {
            case TenantSpec s -> {
                e.asn(s.asn(), "/spec/asn");
                e.text(s.displayName(), "/spec/displayName", FreeText.SHORT);
                e.text(s.contact(), "/spec/contact", FreeText.LONG);
            }
            case NodeSpec s -> node(s, config.sids(), e);
            case LinkSpec s -> link(s, e);
            case TrafficClassSpec s -> trafficClass(r.name(), s, e);
            case VpcSpec s -> vpc(s, e);
            case AttachmentSpec s -> attachment(s, e);
            case ClassifierSpec s -> classifier(s, e);
            case PolicySpec s -> policy(s, e);
            case WebhookSpec s -> webhook(m.tenant(), s, config.webhooks(), e);
        }
        notCarriedOut(r.spec(), e);
        return List.copyOf(e.list);
    }

    /**
     * Intent the data plane does not carry out yet is refused rather than stored: a controller
     * that accepted it would report a healthy network while the traffic it names is bridged,
     * filtered or protected by nobody. Each refusal goes when the data plane does the thing.
     */
    private static void notCarriedOut(Spec spec, Errors e) {
        switch (spec) {
            case VpcSpec s when s.type() == VpcSpec.VpcType.L2VPN -> e.add("/spec/type",
                    "l2vpn is not carried out yet: the data plane forwards IP packets only and would route this VPC's traffic "
                            + "as an l3vpn instead of bridging Ethernet; use type l3vpn");
            case TrafficClassSpec s when s.mode() == TrafficClassSpec.Mode.LOSSLESS_FEC -> e.add("/spec/mode",
                    "lossless-fec is not carried out yet: the data plane neither replicates nor encodes packets, so the residual "
                            + "loss after FEC would be a figure nobody delivers; use zero-loss (loss-free links only) or "
                            + "lowest-latency with thresholds.maxLossPercent");
            case PolicySpec s -> e.add("/spec",
                    "Policy is not carried out yet: access lists and rate limits are not programmed into the data plane, so the "
                            + "traffic its rules deny would pass; filter at the site until the edges enforce it");
            default -> {
            }
        }
    }

    private static void node(NodeSpec s, SidLayout sids, Errors e) {
        e.require(s.role(), "/spec/role", "role (core or edge)");
        if (s.location() == null) {
            e.add("/spec/location", "location is required: lat, lon and country place the node for latency estimates, geo-fencing and the map");
        } else {
            var l = s.location();
            e.require(l.lat(), "/spec/location/lat", "latitude");
            e.require(l.lon(), "/spec/location/lon", "longitude");
            if (l.lat() != null && (l.lat() < -90 || l.lat() > 90)) e.add("/spec/location/lat", "latitude must be from -90 to 90, not " + l.lat());
            if (l.lon() != null && (l.lon() < -180 || l.lon() > 180)) e.add("/spec/location/lon", "longitude must be from -180 to 180, not " + l.lon());
            if (l.country() == null) e.add("/spec/location/country", "country is required (ISO 3166-1 alpha-2, like DE), for geo-fencing");
            else if (!COUNTRY.matcher(l.country()).matches()) e.add("/spec/location/country", "\"" + l.country() + "\" is not an ISO 3166-1 alpha-2 code like DE or US");
            e.text(l.city(), "/spec/location/city", FreeText.SHORT);
        }
        for (int i = 0; i < s.underlayAddresses().size(); i++) e.address(s.underlayAddresses().get(i), "/spec/underlayAddresses/" + i);
        if (s.locator() != null) {
            e.prefix(s.locator(), "/spec/locator").ifPresent(p -> {
                if (p.isV4()) e.add("/spec/locator", "an SRv6 locator must be an IPv6 prefix");
                else if (p.length() > 64) e.add("/spec/locator", "locator /" + p.length() + " is too long: use /64 or shorter, to leave room for functions");
                else if (p.overlaps(sids.block())) {
                    e.add("/spec/locator", "locator " + p + " is inside the SID block " + sids.block()
                            + " that locators are allocated from; choose one outside it, or leave locator out to get one");
                }
            });
        }
    }

    private static void link(LinkSpec s, Errors e) {
        e.name(s.a(), "/spec/a", "node name");
        e.name(s.b(), "/spec/b", "node name");
        if (s.a() != null && s.a().equals(s.b())) e.add("/spec/b", "a link must join two different nodes");
        e.nonNegative(s.cost(), "/spec/cost");
        e.positive(s.capacityMbps(), "/spec/capacityMbps");
        e.nonNegative(s.latencyMs(), "/spec/latencyMs");
        if (s.mtu() != null && (s.mtu() < 1280 + LinkSpec.WIREGUARD_OVERHEAD || s.mtu() > 65535)) {
            e.add("/spec/mtu", "mtu " + s.mtu() + " is out of range: IPv6 needs 1280 bytes, plus " + LinkSpec.WIREGUARD_OVERHEAD
                    + " for WireGuard, so " + (1280 + LinkSpec.WIREGUARD_OVERHEAD) + ".." + 65535);
        }
    }

    private static void trafficClass(String name, TrafficClassSpec s, Errors e) {
        e.require(s.mode(), "/spec/mode", "mode (" + RecordBinder.wireValues(TrafficClassSpec.Mode.class) + ")");
        var t = s.thresholds();
        e.positive(t.maxLatencyMs(), "/spec/thresholds/maxLatencyMs");
        e.positive(t.maxJitterMs(), "/spec/thresholds/maxJitterMs");
        e.percent(t.maxLossPercent(), "/spec/thresholds/maxLossPercent");
        e.positive(t.minBandwidthMbps(), "/spec/thresholds/minBandwidthMbps");
        e.positive(s.bandwidthMbps(), "/spec/bandwidthMbps");
        if (s.mode() == TrafficClassSpec.Mode.ZERO_LOSS && t.maxLossPercent() != null && t.maxLossPercent() > 0) {
            e.add("/spec/thresholds/maxLossPercent", "zero-loss allows no loss; remove maxLossPercent or use lowest-latency");
        }
        if (s.mode() == TrafficClassSpec.Mode.SUSTAINED_BANDWIDTH && s.bandwidthMbps() == null && t.minBandwidthMbps() == null) {
            e.add("/spec/bandwidthMbps", "sustained-bandwidth needs the demand: set bandwidthMbps");
        }
        var fec = s.fec();
        if (s.mode() == TrafficClassSpec.Mode.LOSSLESS_FEC && fec == null) {
            e.add("/spec/fec", "lossless-fec needs fec: {scheme: duplication} or {scheme: erasure, k: 4, n: 6}");
        }
        if (fec != null) {
            if (s.mode() != TrafficClassSpec.Mode.LOSSLESS_FEC) e.add("/spec/fec", "fec is used by mode lossless-fec only");
            e.require(fec.scheme(), "/spec/fec/scheme", "scheme (duplication or erasure)");
            if (fec.scheme() == TrafficClassSpec.FecScheme.ERASURE) {
                if (fec.k() == null || fec.n() == null) e.add("/spec/fec", "an erasure code needs k (data packets) and n (packets sent per block)");
                else if (fec.k() < 1 || fec.n() <= fec.k() || fec.n() > 255) {
                    e.add("/spec/fec/n", "need 1 <= k < n <= 255, not k=" + fec.k() + ", n=" + fec.n());
                }
            } else if (fec.k() != null || fec.n() != null) {
                e.add("/spec/fec", "k and n belong to scheme erasure; duplication sends every packet twice");
            }
            if (fec.targetLossPercent() != null) {
                e.percent(fec.targetLossPercent(), "/spec/fec/targetLossPercent");
            }
        }
        var fb = s.fallback();
        if (fb.action() == TrafficClassSpec.FallbackAction.CLASS) {
            e.name(fb.trafficClass(), "/spec/fallback/trafficClass", "traffic class name");
            if (name.equals(fb.trafficClass())) e.add("/spec/fallback/trafficClass", "a class cannot fall back to itself");
        } else if (fb.trafficClass() != null) {
            e.add("/spec/fallback/trafficClass", "trafficClass is used with action class only");
        }
    }

    private static void vpc(VpcSpec s, Errors e) {
        e.require(s.type(), "/spec/type", "type (l3vpn or l2vpn)");
        e.name(s.trafficClass(), "/spec/trafficClass", "traffic class name");
        names(s.mustInclude(), "/spec/mustInclude", "node name", e);
        names(s.mustAvoid(), "/spec/mustAvoid", "node name", e);
        for (int i = 0; i < s.mustInclude().size(); i++) {
            if (s.mustAvoid().contains(s.mustInclude().get(i))) {
                e.add("/spec/mustInclude/" + i, "\"" + s.mustInclude().get(i) + "\" is both in mustInclude and mustAvoid");
            }
        }
        for (int i = 0; i < s.excludedCountries().size(); i++) {
            String c = s.excludedCountries().get(i);
            if (!COUNTRY.matcher(c).matches()) e.add("/spec/excludedCountries/" + i, "\"" + c + "\" is not an ISO 3166-1 alpha-2 code like DE or US");
        }
        if (s.maxHops() != null && s.maxHops() < 1) e.add("/spec/maxHops", "must be at least 1, not " + s.maxHops());
        var t = s.topology();
        names(t.hubs(), "/spec/topology/hubs", "attachment name", e);
        if (t.mode() == VpcSpec.TopologyMode.HUB_AND_SPOKE && t.hubs().isEmpty()) {
            e.add("/spec/topology/hubs", "hub-and-spoke needs at least one hub attachment");
        }
        if (t.mode() == VpcSpec.TopologyMode.FULL_MESH && !t.hubs().isEmpty()) {
            e.add("/spec/topology/hubs", "hubs are for mode hub-and-spoke; a full mesh has none");
        }
    }

    private static void names(List<String> names, String pointer, String what, Errors e) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            e.name(names.get(i), pointer + "/" + i, what);
            if (!seen.add(names.get(i))) e.add(pointer + "/" + i, "\"" + names.get(i) + "\" is listed twice");
        }
    }

    private static void attachment(AttachmentSpec s, Errors e) {
        e.name(s.vpc(), "/spec/vpc", "VPC name");
        e.name(s.node(), "/spec/node", "node name");
        e.require(s.kind(), "/spec/kind", "kind (" + RecordBinder.wireValues(AttachmentSpec.AttachmentKind.class) + ")");
        List<IpPrefix> parsed = new ArrayList<>();
        for (int i = 0; i < s.prefixes().size(); i++) {
            String ptr = "/spec/prefixes/" + i;
            e.prefix(s.prefixes().get(i), ptr).ifPresent(p -> {
                for (IpPrefix q : parsed) {
                    if (q.overlaps(p)) e.add(ptr, p + " overlaps " + q + " of the same attachment");
                }
                parsed.add(p);
            });
        }
        Bgp b = s.bgp();
        if (b == null) return;
        e.require(b.peerAsn(), "/spec/bgp/peerAsn", "peerAsn");
        e.asn(b.peerAsn(), "/spec/bgp/peerAsn");
        if (b.peerAddress() == null) e.add("/spec/bgp/peerAddress", "peerAddress is required: the customer router's address");
        else e.address(b.peerAddress(), "/spec/bgp/peerAddress");
        for (int i = 0; i < b.allowedPrefixes().size(); i++) {
            var ap = b.allowedPrefixes().get(i);
            String ptr = "/spec/bgp/allowedPrefixes/" + i;
            e.prefix(ap.prefix(), ptr + "/prefix").ifPresent(p -> {
                if (ap.maxLength() != null && (ap.maxLength() < p.length() || ap.maxLength() > (p.isV4() ? 32 : 128))) {
                    e.add(ptr + "/maxLength", "maxLength must be from " + p.length() + " to " + (p.isV4() ? 32 : 128) + ", not " + ap.maxLength());
                }
            });
        }
        for (int i = 0; i < b.originAsns().size(); i++) e.asn(b.originAsns().get(i), "/spec/bgp/originAsns/" + i);
        if (b.maxPrefixes() != null && b.maxPrefixes() < 1) e.add("/spec/bgp/maxPrefixes", "must be at least 1, not " + b.maxPrefixes());
        if (b.holdTimeSeconds() != null && b.holdTimeSeconds() != 0 && (b.holdTimeSeconds() < 3 || b.holdTimeSeconds() > 65535)) {
            e.add("/spec/bgp/holdTimeSeconds", "BGP hold time must be 0 or 3 to 65535 seconds (RFC 4271), not " + b.holdTimeSeconds());
        }
    }

    private static void classifier(ClassifierSpec s, Errors e) {
        e.name(s.vpc(), "/spec/vpc", "VPC name");
        e.name(s.trafficClass(), "/spec/trafficClass", "traffic class name");
        if (s.priority() != null && (s.priority() < 0 || s.priority() > 65535)) e.add("/spec/priority", "must be from 0 to 65535");
        if (s.match() == null) {
            e.add("/spec/match", "match is required; use {} to match all traffic");
            return;
        }
        var m = s.match();
        for (int i = 0; i < m.sourcePrefixes().size(); i++) e.prefix(m.sourcePrefixes().get(i), "/spec/match/sourcePrefixes/" + i);
        for (int i = 0; i < m.destinationPrefixes().size(); i++) e.prefix(m.destinationPrefixes().get(i), "/spec/match/destinationPrefixes/" + i);
        e.ports(m.destinationPorts(), "/spec/match/destinationPorts");
        if (!m.destinationPorts().isEmpty() && m.protocol() != ClassifierSpec.Protocol.TCP && m.protocol() != ClassifierSpec.Protocol.UDP) {
            e.add("/spec/match/destinationPorts", "ports need protocol tcp or udp");
        }
        if (m.dscp() != null && (m.dscp() < 0 || m.dscp() > 63)) e.add("/spec/match/dscp", "DSCP must be from 0 to 63, not " + m.dscp());
    }

    private static void policy(PolicySpec s, Errors e) {
        e.name(s.vpc(), "/spec/vpc", "VPC name");
        names(s.attachments(), "/spec/attachments", "attachment name", e);
        for (int i = 0; i < s.rules().size(); i++) {
            var r = s.rules().get(i);
            String p = "/spec/rules/" + i;
            e.require(r.action(), p + "/action", "action (allow or deny)");
            e.require(r.direction(), p + "/direction", "direction (ingress or egress)");
            if (r.source() != null) e.prefix(r.source(), p + "/source");
            if (r.destination() != null) e.prefix(r.destination(), p + "/destination");
            e.ports(r.ports(), p + "/ports");
            if (!r.ports().isEmpty() && r.protocol() != ClassifierSpec.Protocol.TCP && r.protocol() != ClassifierSpec.Protocol.UDP) {
                e.add(p + "/ports", "ports need protocol tcp or udp");
            }
        }
        if (s.rateLimit() != null) {
            e.require(s.rateLimit().mbps(), "/spec/rateLimit/mbps", "mbps");
            e.positive(s.rateLimit().mbps(), "/spec/rateLimit/mbps");
            e.positive(s.rateLimit().burstKb(), "/spec/rateLimit/burstKb");
        }
    }

    /** @param tenant the owner; null for the operator's own webhook, which may send anywhere */
    private static void webhook(String tenant, WebhookSpec s, WebhookTargets targets, Errors e) {
        e.text(s.secret(), "/spec/secret", FreeText.LONG);
        if (s.url() == null) {
            e.add("/spec/url", "url is required");
            return;
        }
        int before = e.list.size();
        e.text(s.url(), "/spec/url", FreeText.LONG);
        if (e.list.size() > before) return;
        try {
            URI u = new URI(s.url());
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                e.add("/spec/url", "\"" + s.url() + "\" is not an http or https URL with a host");
            } else if (tenant != null) {
                targets.refusalOfHost(u.getHost()).ifPresent(why -> e.add("/spec/url", why));
            }
        } catch (URISyntaxException ex) {
            e.add("/spec/url", "\"" + s.url() + "\" is not a URL: " + ex.getReason());
        }
        if (s.secret() != null && s.secret().length() < 16) e.add("/spec/secret", "a signing secret needs at least 16 characters");
    }

    /** A reference from one resource to another, at a field. */
    public record Ref(String pointer, ResourceKey target) {
    }

    /** Every other resource this one names, so existence and deletion can be checked in one place. */
    public static List<Ref> refs(Resource r) {
        List<Ref> out = new ArrayList<>();
        String t = r.tenant();
        if (r.kind().scope() != Kind.Scope.CLUSTER && t != null) out.add(new Ref("/metadata/tenant", new ResourceKey(Kind.TENANT, null, t)));
        switch (r.spec()) {
            case TenantSpec s -> { }
            case WebhookSpec s -> { }
            case NodeSpec s -> { }
            case LinkSpec s -> {
                addRef(out, "/spec/a", Kind.NODE, null, s.a());
                addRef(out, "/spec/b", Kind.NODE, null, s.b());
            }
            case TrafficClassSpec s -> {
                if (s.fallback().action() == TrafficClassSpec.FallbackAction.CLASS) {
                    addRef(out, "/spec/fallback/trafficClass", Kind.TRAFFIC_CLASS, t, s.fallback().trafficClass());
                }
            }
            case VpcSpec s -> {
                addRef(out, "/spec/trafficClass", Kind.TRAFFIC_CLASS, t, s.trafficClass());
                for (int i = 0; i < s.mustInclude().size(); i++) addRef(out, "/spec/mustInclude/" + i, Kind.NODE, null, s.mustInclude().get(i));
                for (int i = 0; i < s.mustAvoid().size(); i++) addRef(out, "/spec/mustAvoid/" + i, Kind.NODE, null, s.mustAvoid().get(i));
                for (int i = 0; i < s.topology().hubs().size(); i++) addRef(out, "/spec/topology/hubs/" + i, Kind.ATTACHMENT, t, s.topology().hubs().get(i));
            }
            case AttachmentSpec s -> {
                addRef(out, "/spec/vpc", Kind.VPC, t, s.vpc());
                addRef(out, "/spec/node", Kind.NODE, null, s.node());
            }
            case ClassifierSpec s -> {
                addRef(out, "/spec/vpc", Kind.VPC, t, s.vpc());
                addRef(out, "/spec/trafficClass", Kind.TRAFFIC_CLASS, t, s.trafficClass());
            }
            case PolicySpec s -> {
                addRef(out, "/spec/vpc", Kind.VPC, t, s.vpc());
                for (int i = 0; i < s.attachments().size(); i++) addRef(out, "/spec/attachments/" + i, Kind.ATTACHMENT, t, s.attachments().get(i));
            }
        }
        return List.copyOf(out);
    }

    private static void addRef(List<Ref> out, String pointer, Kind kind, String tenant, String name) {
        if (name != null) out.add(new Ref(pointer, new ResourceKey(kind, kind.scope() == Kind.Scope.CLUSTER ? null : tenant, name)));
    }

    /** Checks a resource against the whole state the change would leave behind, by the default configuration. */
    public static List<FieldError> references(Resource r, ResourceView after) {
        return references(r, after, ValidationConfig.DEFAULT);
    }

    /** Checks a resource against the whole state the change would leave behind. */
    public static List<FieldError> references(Resource r, ResourceView after, ValidationConfig config) {
        Errors e = new Errors();
        for (Ref ref : refs(r)) {
            ResourceKey k = ref.target();
            if (after.get(k).isEmpty()) {
                e.add(ref.pointer(), k.kind() == Kind.TENANT
                        ? "tenant \"" + k.name() + "\" does not exist; create the Tenant first (in the same batch is fine)"
                        : k.kind().wireName() + " \"" + k.name() + "\" does not exist" + (k.tenant() == null ? "" : " in tenant \"" + k.tenant() + "\""));
            }
        }
        switch (r.spec()) {
            case NodeSpec s -> {
                if (s.locator() != null) {
                    IpPrefix mine = IpPrefix.parse(s.locator());
                    for (Resource other : after.list(Kind.NODE)) {
                        String ol = other.spec(NodeSpec.class).locator();
                        if (other.name().equals(r.name()) || ol == null) continue;
                        if (IpPrefix.parse(ol).overlaps(mine)) {
                            e.add("/spec/locator", "locator " + mine + " overlaps " + ol + " of node \"" + other.name() + "\"");
                        }
                    }
                    // the other side of the sites' rule: a locator may not take space a site already holds
                    for (Resource a : after.list(Kind.ATTACHMENT)) {
                        for (String p : a.spec(AttachmentSpec.class).prefixes()) {
                            if (IpPrefix.parse(p).overlaps(mine)) {
                                e.add("/spec/locator", "locator " + mine + " overlaps prefix " + p + " of attachment " + a.key()
                                        + "; the backbone's SID space and a site's prefixes must not meet");
                            }
                        }
                    }
                }
            }
            case VpcSpec s -> {
                for (int i = 0; i < s.mustInclude().size(); i++) role(after, s.mustInclude().get(i), "/spec/mustInclude/" + i, NodeRole.CORE, e);
                for (int i = 0; i < s.topology().hubs().size(); i++) {
                    String p = "/spec/topology/hubs/" + i;
                    after.get(Kind.ATTACHMENT, r.tenant(), s.topology().hubs().get(i))
                            .filter(a -> !r.name().equals(a.spec(AttachmentSpec.class).vpc()))
                            .ifPresent(a -> e.add(p, "attachment \"" + a.name() + "\" belongs to another VPC"));
                }
            }
            case AttachmentSpec s -> attachmentRefs(r, s, after, config.sids(), e);
            case PolicySpec s -> {
                for (int i = 0; i < s.attachments().size(); i++) {
                    String p = "/spec/attachments/" + i;
                    after.get(Kind.ATTACHMENT, r.tenant(), s.attachments().get(i))
                            .filter(a -> !Objects.equals(s.vpc(), a.spec(AttachmentSpec.class).vpc()))
                            .ifPresent(a -> e.add(p, "attachment \"" + a.name() + "\" is not in VPC \"" + s.vpc() + "\""));
                }
            }
            default -> { }
        }
        return List.copyOf(e.list);
    }

    private static void attachmentRefs(Resource r, AttachmentSpec s, ResourceView after, SidLayout sids, Errors e) {
        String t = r.tenant();
        role(after, s.node(), "/spec/node", NodeRole.EDGE, e);
        // the same rule as for the routes a site's BGP session announces: a static prefix is no
        // more entitled to the backbone's SID space or a bogon than a learned one
        List<IpPrefix> locators = after.list(Kind.NODE).stream().map(n -> n.spec(NodeSpec.class).locator())
                .filter(Objects::nonNull).map(IpPrefix::parse).toList();
        List<IpPrefix> sidSpace = sids.space(locators);
        boolean allowDefault = s.bgp() != null && Boolean.TRUE.equals(s.bgp().allowDefault());
        Set<Integer> refused = new HashSet<>();
        for (int i = 0; i < s.prefixes().size(); i++) {
            int index = i;
            Bogons.refusal(IpPrefix.parse(s.prefixes().get(i)), allowDefault, sidSpace).ifPresent(no -> {
                e.add("/spec/prefixes/" + index, no.why());
                refused.add(index);
            });
        }
        for (Resource other : after.list(Kind.ATTACHMENT, t)) {
            AttachmentSpec o = other.spec(AttachmentSpec.class);
            // each VPC is its own routing domain: only the same VPC's sites must not overlap
            if (other.name().equals(r.name()) || !Objects.equals(o.vpc(), s.vpc())) continue;
            if (s.anycastEnabled() && o.anycastEnabled()) continue;
            for (int i = 0; i < s.prefixes().size(); i++) {
                if (refused.contains(i)) continue;
                IpPrefix mine = IpPrefix.parse(s.prefixes().get(i));
                for (String theirs : o.prefixes()) {
                    if (mine.overlaps(IpPrefix.parse(theirs))) {
                        e.add("/spec/prefixes/" + i, mine + " overlaps " + theirs + " of attachment \"" + other.name()
                                + "\" in the same VPC; use distinct prefixes, or mark both attachments anycast: true");
                    }
                }
            }
        }
    }

    private static void role(ResourceView v, String name, String pointer, NodeRole role, Errors e) {
        if (name == null) return;
        v.get(Kind.NODE, null, name).map(n -> n.spec(NodeSpec.class).role()).filter(actual -> actual != role)
                .ifPresent(actual -> e.add(pointer, "node \"" + name + "\" is a " + RecordBinder.wireName(actual)
                        + " node; it must be a " + RecordBinder.wireName(role) + " node here"));
    }
}

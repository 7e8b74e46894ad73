package dev.galactic.lab.topology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.galactic.core.model.FieldError;
import dev.galactic.core.model.NodeSpec.Location;
import dev.galactic.core.model.NodeSpec.NodeRole;
import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.net.IpPrefix;
import dev.galactic.lab.emu.Impairment;
import dev.galactic.lab.topology.Topology.Emulation;
import dev.galactic.lab.topology.Topology.LinkRole;
import dev.galactic.lab.topology.Topology.Node;
import dev.galactic.lab.topology.Topology.Site;
import dev.galactic.lab.topology.Topology.Tenant;
import dev.galactic.lab.topology.Topology.UnderlayLink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a topology file (YAML) into a {@link Topology}, collecting every problem with the JSON
 * pointer of its field before giving up, so one run shows all typos.
 */
public final class TopologyParser {

    /** Node, site and tenant names: they become namespace and interface name parts. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,22}");
    static final String RESERVED = "mgmt";
    /** Locators stay in fc00::/16, the block the SRv6 guards of the data plane protect. */
    static final IpPrefix LOCATOR_BLOCK = IpPrefix.parse("fc00::/16");
    static final int RECOMMENDED_UPLINKS = 3;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final List<FieldError> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private TopologyParser() {
    }

    public static Topology parse(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** @param source names the text in error messages (a file name) */
    public static Topology parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new TopologyException(source, List.of(new FieldError("", "not valid YAML: " + e.getOriginalMessage())));
        }
        TopologyParser p = new TopologyParser();
        Topology t = p.read(root);
        if (!p.errors.isEmpty()) throw new TopologyException(source, p.errors);
        return t;
    }

    private Topology read(JsonNode root) {
        if (root == null || !root.isObject()) {
            error("", "the file must be a mapping with name, cores, edges, links, tenants");
            return null;
        }
        keys(root, "", "name", "cores", "edges", "links", "tenants");
        String labName = name(root, "", "name");
        List<Node> nodes = new ArrayList<>();
        List<UnderlayLink> links = new ArrayList<>();

        JsonNode cores = list(root, "", "cores", true);
        JsonNode edges = list(root, "", "edges", false);
        if (cores.isEmpty()) error("/cores", "a lab needs at least one core");
        Set<IpPrefix> explicitLocators = new HashSet<>();
        List<PendingNode> pending = new ArrayList<>();
        for (int i = 0; i < cores.size(); i++) pending.add(node(cores.get(i), "/cores/" + i, NodeRole.CORE, explicitLocators));
        for (int i = 0; i < edges.size(); i++) pending.add(node(edges.get(i), "/edges/" + i, NodeRole.EDGE, explicitLocators));
        LocatorAllocator alloc = new LocatorAllocator(explicitLocators);
        for (PendingNode pn : pending) {
            if (pn == null) continue;
            IpPrefix loc = pn.locator() != null ? pn.locator() : alloc.next(pn.role());
            nodes.add(new Node(pn.name(), pn.role(), loc, pn.location()));
        }
        Set<String> coreNames = new HashSet<>();
        nodes.stream().filter(n -> !n.isEdge()).forEach(n -> coreNames.add(n.name()));

        JsonNode linkList = list(root, "", "links", false);
        Set<Set<String>> seenPairs = new HashSet<>();
        for (int i = 0; i < linkList.size(); i++) {
            String ptr = "/links/" + i;
            JsonNode l = linkList.get(i);
            if (!l.isObject()) {
                error(ptr, "a link is a mapping: {a: core1, b: core2, delayMs: 10}");
                continue;
            }
            keys(l, ptr, "a", "b", "delayMs", "jitterMs", "lossPercent", "emulation", "cost");
            String a = reference(l, ptr, "a", coreNames, "core");
            String b = reference(l, ptr, "b", coreNames, "core");
            if (a == null || b == null) continue;
            if (a.equals(b)) {
                error(ptr + "/b", "a link joins two different cores; both ends are " + a);
                continue;
            }
            if (!seenPairs.add(Set.of(a, b))) error(ptr, "a second link between " + a + " and " + b);
            Emulation emulation = emulation(l, ptr);
            if (emulation == Emulation.RELAY) {
                error(ptr + "/emulation", "relay is for edge uplinks (it sits in front of a WireGuard port); use wire or veth");
            }
            links.add(new UnderlayLink(a, b, LinkRole.CORE, impairment(l, ptr), emulation,
                    optionalNumber(l, ptr, "cost", 0, 1e6)));
        }
        for (int i = 0; i < edges.size(); i++) uplinks(edges.get(i), "/edges/" + i, coreNames, links);

        List<Tenant> tenants = new ArrayList<>();
        Set<String> edgeNames = new HashSet<>();
        nodes.stream().filter(Node::isEdge).forEach(n -> edgeNames.add(n.name()));
        JsonNode tenantList = list(root, "", "tenants", false);
        Set<String> tenantNames = new HashSet<>();
        for (int i = 0; i < tenantList.size(); i++) {
            Tenant t = tenant(tenantList.get(i), "/tenants/" + i, edgeNames, coreNames);
            if (t != null && !tenantNames.add(t.name())) error("/tenants/" + i + "/name", "tenant " + t.name() + " is defined twice");
            if (t != null) tenants.add(t);
        }
        return new Topology(labName, nodes, links, tenants, warnings);
    }

    private record PendingNode(String name, NodeRole role, IpPrefix locator, Location location) {
    }

    private PendingNode node(JsonNode n, String ptr, NodeRole role, Set<IpPrefix> explicitLocators) {
        if (!n.isObject()) {
            error(ptr, "a node is a mapping with at least a name");
            return null;
        }
        if (role == NodeRole.CORE) keys(n, ptr, "name", "locator", "location");
        else keys(n, ptr, "name", "locator", "location", "uplinks");
        String name = uniqueName(n, ptr);
        IpPrefix locator = null;
        if (n.hasNonNull("locator")) {
            IpPrefix.Parsed parsed = IpPrefix.parseOrError(n.get("locator").asText());
            if (parsed.prefix().isEmpty()) error(ptr + "/locator", parsed.error());
            else if (!LOCATOR_BLOCK.contains(parsed.prefix().get()) || parsed.prefix().get().length() > 64) {
                error(ptr + "/locator", "a locator is a prefix of /16 to /64 inside " + LOCATOR_BLOCK + ", like fc00:1::/48");
            } else if (!explicitLocators.add(parsed.prefix().get())) {
                error(ptr + "/locator", parsed.prefix().get() + " is already another node's locator");
            } else {
                locator = parsed.prefix().get();
            }
        }
        Location location = null;
        JsonNode l = n.get("location");
        String lp = ptr + "/location";
        if (l == null || !l.isObject()) {
            error(lp, "is required: {lat: 50.1, lon: 8.7, country: DE}; the controller places nodes by it");
        } else {
            keys(l, lp, "lat", "lon", "country", "city");
            Double lat = optionalNumber(l, lp, "lat", -90, 90);
            Double lon = optionalNumber(l, lp, "lon", -180, 180);
            if (lat == null && !l.hasNonNull("lat")) error(lp + "/lat", "is required");
            if (lon == null && !l.hasNonNull("lon")) error(lp + "/lon", "is required");
            String country = l.path("country").asText("");
            if (!country.matches("[A-Z]{2}")) error(lp + "/country", "must be an ISO 3166-1 alpha-2 code like DE; got \"" + country + "\"");
            location = new Location(lat, lon, country, l.hasNonNull("city") ? l.get("city").asText() : null);
        }
        return name == null ? null : new PendingNode(name, role, locator, location);
    }

    private void uplinks(JsonNode edge, String ptr, Set<String> coreNames, List<UnderlayLink> links) {
        if (!edge.isObject() || !edge.hasNonNull("name")) return;
        String edgeName = edge.get("name").asText();
        JsonNode ups = list(edge, ptr, "uplinks", true);
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < ups.size(); i++) {
            String up = ptr + "/uplinks/" + i;
            JsonNode u = ups.get(i);
            String core;
            Impairment imp = Impairment.NONE;
            Emulation emulation = Emulation.WIRE;
            Double cost = null;
            if (u.isTextual()) {
                core = coreNames.contains(u.asText()) ? u.asText() : null;
                if (core == null) error(up, "unknown core \"" + u.asText() + "\"");
            } else if (u.isObject()) {
                keys(u, up, "core", "delayMs", "jitterMs", "lossPercent", "emulation", "cost");
                core = reference(u, up, "core", coreNames, "core");
                imp = impairment(u, up);
                emulation = emulation(u, up);
                cost = optionalNumber(u, up, "cost", 0, 1e6);
            } else {
                error(up, "an uplink is a core name or {core: NAME, delayMs: ...}");
                continue;
            }
            if (core == null) continue;
            if (!seen.add(core)) {
                error(up, "uplink to " + core + " listed twice");
                continue;
            }
            links.add(new UnderlayLink(edgeName, core, LinkRole.UPLINK, imp, emulation, cost));
        }
        if (ups.isEmpty()) error(ptr + "/uplinks", "an edge needs at least one uplink to a core");
        else if (seen.size() < RECOMMENDED_UPLINKS) {
            warnings.add("edge " + edgeName + " has " + seen.size() + " uplink" + (seen.size() == 1 ? "" : "s")
                    + "; the design asks for at least " + RECOMMENDED_UPLINKS + " WireGuard tunnels per edge");
        }
    }

    private Tenant tenant(JsonNode t, String ptr, Set<String> edgeNames, Set<String> coreNames) {
        if (!t.isObject()) {
            error(ptr, "a tenant is a mapping: {name: blue, sites: [...]}");
            return null;
        }
        keys(t, ptr, "name", "sites", "class", "waypoints");
        String name = name(t, ptr, "name");
        TrafficClassSpec.Mode mode = TrafficClassSpec.Mode.LOWEST_LATENCY;
        if (t.has("class")) {
            String c = t.get("class").asText();
            try {
                mode = TrafficClassSpec.Mode.valueOf(c.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                error(ptr + "/class", "unknown class \"" + c + "\": use lowest-cost, lowest-latency, zero-loss, lossless-fec or sustained-bandwidth");
            }
        }
        List<String> waypoints = new ArrayList<>();
        JsonNode wl = list(t, ptr, "waypoints", false);
        for (int i = 0; i < wl.size(); i++) {
            String w = wl.get(i).asText();
            if (!coreNames.contains(w)) error(ptr + "/waypoints/" + i, "unknown core \"" + w + "\": waypoints are cores");
            else waypoints.add(w);
        }
        JsonNode siteList = list(t, ptr, "sites", true);
        List<Site> sites = new ArrayList<>();
        List<IpPrefix> tenantPrefixes = new ArrayList<>();
        for (int i = 0; i < siteList.size(); i++) {
            String sp = ptr + "/sites/" + i;
            JsonNode s = siteList.get(i);
            if (!s.isObject()) {
                error(sp, "a site is a mapping: {name: blue-a, edge: edge-a, prefixes: [10.1.0.0/24]}");
                continue;
            }
            keys(s, sp, "name", "edge", "prefixes", "bgp");
            String siteName = uniqueName(s, sp);
            String edge = reference(s, sp, "edge", edgeNames, "edge");
            JsonNode prefixList = list(s, sp, "prefixes", true);
            List<IpPrefix> prefixes = new ArrayList<>();
            for (int j = 0; j < prefixList.size(); j++) {
                String pp = sp + "/prefixes/" + j;
                IpPrefix.Parsed parsed = IpPrefix.parseOrError(prefixList.get(j).asText());
                if (parsed.prefix().isEmpty()) {
                    error(pp, parsed.error());
                    continue;
                }
                IpPrefix p = parsed.prefix().get();
                if (p.length() > (p.isV4() ? 30 : 126)) error(pp, "a site prefix needs room for a host address: at most /30 or /126");
                else if (!p.isV4() && LOCATOR_BLOCK.overlaps(p)) error(pp, p + " overlaps the locator block " + LOCATOR_BLOCK);
                else if (tenantPrefixes.stream().anyMatch(p::overlaps)) error(pp, p + " overlaps another prefix of tenant " + name);
                else {
                    prefixes.add(p);
                    tenantPrefixes.add(p);
                }
            }
            if (prefixList.isEmpty()) error(sp + "/prefixes", "a site needs at least one prefix");
            Topology.SiteBgp bgp = s.hasNonNull("bgp") ? siteBgp(s.get("bgp"), sp + "/bgp") : null;
            if (bgp != null && prefixes.stream().anyMatch(p -> !p.isV4())) {
                error(sp + "/prefixes", "a BGP site is IPv4 only in the lab: its session to the edge runs over IPv4 and carries IPv4 unicast");
            }
            if (siteName != null && edge != null && name != null) sites.add(new Site(siteName, name, edge, prefixes, bgp));
        }
        if (siteList.isEmpty()) error(ptr + "/sites", "a tenant needs at least one site");
        return name == null ? null : new Tenant(name, sites, mode, waypoints);
    }

    /** {asn: 65001, announce: [192.0.2.0/24], maxPrefixes: 2}; announcements may be anything IPv4, on purpose. */
    private Topology.SiteBgp siteBgp(JsonNode b, String ptr) {
        if (!b.isObject()) {
            error(ptr, "bgp is a mapping: {asn: 65001, announce: [...], maxPrefixes: 2}");
            return null;
        }
        keys(b, ptr, "asn", "announce", "maxPrefixes");
        Double asn = optionalNumber(b, ptr, "asn", 1, 4_294_967_295L);
        if (asn == null && !b.hasNonNull("asn")) error(ptr + "/asn", "is required (the customer router's ASN)");
        Double max = optionalNumber(b, ptr, "maxPrefixes", 1, 1_000_000);
        List<IpPrefix> announce = new ArrayList<>();
        JsonNode list = list(b, ptr, "announce", false);
        for (int i = 0; i < list.size(); i++) {
            IpPrefix.Parsed p = IpPrefix.parseOrError(list.get(i).asText());
            if (p.prefix().isEmpty()) error(ptr + "/announce/" + i, p.error());
            else if (!p.prefix().get().isV4()) error(ptr + "/announce/" + i, "the lab's customer routers announce IPv4 only");
            else announce.add(p.prefix().get());
        }
        return asn == null ? null : new Topology.SiteBgp(asn.longValue(), announce, max == null ? null : max.intValue());
    }

    // ---- field helpers: each records an error with the field's pointer and returns null/default

    private Impairment impairment(JsonNode o, String ptr) {
        Double d = optionalNumber(o, ptr, "delayMs", 0, 60_000);
        Double j = optionalNumber(o, ptr, "jitterMs", 0, 60_000);
        Double l = optionalNumber(o, ptr, "lossPercent", 0, 100);
        return new Impairment(d == null ? 0 : d, j == null ? 0 : j, l == null ? 0 : l);
    }

    private Double optionalNumber(JsonNode o, String ptr, String field, double min, double max) {
        if (!o.hasNonNull(field)) return null;
        JsonNode v = o.get(field);
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            error(ptr + "/" + field, "must be a number from " + fmt(min) + " to " + fmt(max) + ", got " + v);
            return null;
        }
        return v.asDouble();
    }

    private Emulation emulation(JsonNode o, String ptr) {
        if (!o.hasNonNull("emulation")) return Emulation.WIRE;
        String v = o.get("emulation").asText();
        for (Emulation e : Emulation.values()) if (e.wireName().equals(v)) return e;
        error(ptr + "/emulation", "must be wire, veth or relay; got \"" + v + "\"");
        return Emulation.WIRE;
    }

    private String name(JsonNode o, String ptr, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            error(ptr + "/" + field, "is required");
            return null;
        }
        if (!v.isTextual() || !NAME.matcher(v.asText()).matches()) {
            error(ptr + "/" + field, "must be 1-23 characters of a-z, 0-9 and '-', starting with a letter; got " + v);
            return null;
        }
        return v.asText();
    }

    /** Node and site names share one namespace: each becomes a network namespace of the lab. */
    private String uniqueName(JsonNode o, String ptr) {
        String n = name(o, ptr, "name");
        if (n == null) return null;
        if (n.equals(RESERVED)) {
            error(ptr + "/name", "\"" + RESERVED + "\" is reserved for the management namespace");
            return null;
        }
        if (!names.add(n)) {
            error(ptr + "/name", "\"" + n + "\" is already used by another node or site");
            return null;
        }
        return n;
    }

    private String reference(JsonNode o, String ptr, String field, Set<String> known, String what) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            error(ptr + "/" + field, "is required (a " + what + " name)");
            return null;
        }
        if (!known.contains(v.asText())) {
            error(ptr + "/" + field, "unknown " + what + " \"" + v.asText() + "\"");
            return null;
        }
        return v.asText();
    }

    private JsonNode list(JsonNode o, String ptr, String field, boolean required) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) error(ptr + "/" + field, "is required");
            return YAML.createArrayNode();
        }
        if (!v.isArray()) {
            error(ptr + "/" + field, "must be a list");
            return YAML.createArrayNode();
        }
        return v;
    }

    private void keys(JsonNode o, String ptr, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!ok.contains(k)) error(ptr + "/" + FieldError.token(k), "unknown field; expected one of " + String.join(", ", allowed));
        }
    }

    private void error(String ptr, String reason) {
        errors.add(new FieldError(ptr, reason));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Gives nodes without a locator fc00:N::/48: cores from N = 1, edges from N = 0x101, skipping taken ones. */
    private static final class LocatorAllocator {
        private final Set<IpPrefix> taken;
        private int nextCore = 1;
        private int nextEdge = 0x101;

        LocatorAllocator(Set<IpPrefix> taken) {
            this.taken = new HashSet<>(taken);
        }

        IpPrefix next(NodeRole role) {
            while (true) {
                int n = role == NodeRole.CORE ? nextCore++ : nextEdge++;
                IpPrefix p = IpPrefix.parse("fc00:" + Integer.toHexString(n) + "::/48");
                if (taken.stream().noneMatch(p::overlaps)) {
                    taken.add(p);
                    return p;
                }
            }
        }
    }
}

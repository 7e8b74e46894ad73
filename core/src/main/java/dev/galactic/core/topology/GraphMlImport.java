package dev.galactic.core.topology;

import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.ObjectMeta;
import dev.galactic.core.model.Resource;
import dev.galactic.core.pce.Geo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns an Internet Topology Zoo GraphML document into Node and Link resources: a pure parse
 * of the given text, no file access. Every node becomes a core node at its coordinates; every
 * edge a physical link whose latency is the great-circle fibre estimate (about 5 us per km).
 *
 * <p>What does not fit is skipped or fixed and said in {@link Result#notes()}: nodes without
 * coordinates (and their edges), self-loops, duplicate edges, labels that are not DNS-label-like
 * or not unique, country names with no ISO code.
 */
public final class GraphMlImport {

    /** @param notes what was skipped or fixed, in document order */
    public record Result(List<Resource> nodes, List<Resource> links, List<String> notes) {
        public Result {
            nodes = List.copyOf(nodes);
            links = List.copyOf(links);
            notes = List.copyOf(notes);
        }

        public List<Resource> all() {
            List<Resource> all = new ArrayList<>(nodes);
            all.addAll(links);
            return all;
        }
    }

    private static final Map<String, String> ISO_BY_COUNTRY_NAME = new HashMap<>();

    static {
        for (String iso : Locale.getISOCountries()) {
            ISO_BY_COUNTRY_NAME.put(Locale.of("", iso).getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), iso);
        }
        // Names the Zoo uses that differ from the JDK's English display names.
        ISO_BY_COUNTRY_NAME.put("usa", "US");
        ISO_BY_COUNTRY_NAME.put("united states of america", "US");
        ISO_BY_COUNTRY_NAME.put("uk", "GB");
        ISO_BY_COUNTRY_NAME.put("england", "GB");
        ISO_BY_COUNTRY_NAME.put("scotland", "GB");
        ISO_BY_COUNTRY_NAME.put("wales", "GB");
        ISO_BY_COUNTRY_NAME.put("russia", "RU");
        ISO_BY_COUNTRY_NAME.put("south korea", "KR");
        ISO_BY_COUNTRY_NAME.put("korea", "KR");
        ISO_BY_COUNTRY_NAME.put("czech republic", "CZ");
        ISO_BY_COUNTRY_NAME.put("the netherlands", "NL");
        ISO_BY_COUNTRY_NAME.put("vietnam", "VN");
        ISO_BY_COUNTRY_NAME.put("iran", "IR");
        ISO_BY_COUNTRY_NAME.put("syria", "SY");
        ISO_BY_COUNTRY_NAME.put("taiwan", "TW");
        ISO_BY_COUNTRY_NAME.put("macedonia", "MK");
        ISO_BY_COUNTRY_NAME.put("moldova", "MD");
        ISO_BY_COUNTRY_NAME.put("bolivia", "BO");
        ISO_BY_COUNTRY_NAME.put("venezuela", "VE");
        ISO_BY_COUNTRY_NAME.put("tanzania", "TZ");
        ISO_BY_COUNTRY_NAME.put("ivory coast", "CI");
    }

    private GraphMlImport() {}

    /**
     * @param graphml the document text
     * @param prefix prepended to every name (e.g. the network's name), may be empty
     */
    public static Result parse(String graphml, String prefix) {
        Document doc = read(graphml);
        Map<String, String> keyNames = new HashMap<>();
        NodeList keys = doc.getElementsByTagName("key");
        for (int i = 0; i < keys.getLength(); i++) {
            Element k = (Element) keys.item(i);
            keyNames.put(k.getAttribute("id"), k.getAttribute("attr.name"));
        }
        List<String> notes = new ArrayList<>();
        Map<String, String> nameById = new LinkedHashMap<>();
        Map<String, double[]> coords = new HashMap<>();
        Set<String> used = new HashSet<>();
        List<Resource> nodes = new ArrayList<>();
        NodeList nodeEls = doc.getElementsByTagName("node");
        for (int i = 0; i < nodeEls.getLength(); i++) {
            Element n = (Element) nodeEls.item(i);
            String id = n.getAttribute("id");
            Map<String, String> data = data(n, keyNames);
            String label = data.getOrDefault("label", "");
            Double lat = number(data.get("Latitude")), lon = number(data.get("Longitude"));
            if (lat == null || lon == null || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
                notes.add("skipped node " + id + " (" + label + "): no valid coordinates");
                continue;
            }
            String base = dnsLabel(prefix.isEmpty() ? label : prefix + "-" + label);
            if (base.isEmpty() || base.equals(dnsLabel(prefix)) || label.equalsIgnoreCase("none")) {
                base = dnsLabel((prefix.isEmpty() ? "node" : prefix) + "-" + id);
            }
            String name = unique(base, used);
            if (!name.equals(label)) notes.add("node " + id + " (" + label + ") named " + name);
            String countryName = data.get("Country");
            String iso = countryName == null ? null : ISO_BY_COUNTRY_NAME.get(countryName.trim().toLowerCase(Locale.ROOT));
            if (countryName != null && iso == null) notes.add("node " + name + ": no ISO code for country '" + countryName + "'");
            nameById.put(id, name);
            coords.put(id, new double[]{lat, lon});
            nodes.add(Resource.of(Kind.NODE, ObjectMeta.of(name, null), new NodeSpec(NodeSpec.NodeRole.CORE,
                    new NodeSpec.Location(lat, lon, iso, label.isEmpty() ? null : label), List.of(), null)));
        }
        List<Resource> links = new ArrayList<>();
        Set<String> pairs = new HashSet<>();
        Set<String> linkNames = new HashSet<>();
        NodeList edgeEls = doc.getElementsByTagName("edge");
        for (int i = 0; i < edgeEls.getLength(); i++) {
            Element e = (Element) edgeEls.item(i);
            String s = e.getAttribute("source"), t = e.getAttribute("target");
            if (s.equals(t)) {
                notes.add("skipped self-loop on node " + s);
                continue;
            }
            String a = nameById.get(s), b = nameById.get(t);
            if (a == null || b == null) {
                notes.add("skipped edge " + s + "-" + t + ": an end was skipped");
                continue;
            }
            String pair = a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
            if (!pairs.add(pair)) {
                notes.add("merged duplicate edge " + a + " - " + b);
                continue;
            }
            double[] ca = coords.get(s), cb = coords.get(t);
            double latency = Geo.fibreLatencyMs(ca[0], ca[1], cb[0], cb[1]);
            Double speed = number(data(e, keyNames).get("LinkSpeedRaw"));
            Long capacity = speed == null || speed <= 0 ? null : Math.round(speed / 1e6);
            String name = unique(dnsLabel(a + "--" + b), linkNames);
            links.add(Resource.of(Kind.LINK, ObjectMeta.of(name, null),
                    new LinkSpec(a, b, LinkSpec.LinkKind.PHYSICAL, null, capacity, latency, null)));
        }
        return new Result(nodes, links, notes);
    }

    private static Document read(String text) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            javax.xml.parsers.DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException { throw e; }
            });
            return builder.parse(new InputSource(new StringReader(text)));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a GraphML document: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> data(Element el, Map<String, String> keyNames) {
        Map<String, String> out = new HashMap<>();
        NodeList children = el.getElementsByTagName("data");
        for (int i = 0; i < children.getLength(); i++) {
            Element d = (Element) children.item(i);
            String name = keyNames.getOrDefault(d.getAttribute("key"), d.getAttribute("key"));
            out.put(name, d.getTextContent().trim());
        }
        return out;
    }

    private static Double number(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            double d = Double.parseDouble(s.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Lower case letters, digits and '-', no leading or trailing '-', at most 63 characters. */
    static String dnsLabel(String text) {
        String s = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 63) s = s.substring(0, 63).replaceAll("-+$", "");
        return s;
    }

    private static String unique(String base, Set<String> used) {
        String name = base;
        for (int i = 2; !used.add(name); i++) {
            String suffix = "-" + i;
            String head = base.length() + suffix.length() > 63 ? base.substring(0, 63 - suffix.length()) : base;
            name = head + suffix;
        }
        return name;
    }
}

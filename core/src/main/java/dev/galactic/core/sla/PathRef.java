package dev.galactic.core.sla;

import dev.galactic.core.telemetry.LinkId;

import java.util.ArrayList;
import java.util.List;

/**
 * A path as the SLA monitor needs it: the nodes in order and the directed links between them.
 * Small on purpose, so the PCE's path type adapts to it with one call to {@link #of(List)}.
 */
public record PathRef(List<String> nodes, List<LinkId> links) {

    public PathRef {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        if (nodes.size() < 2 || links.size() != nodes.size() - 1) {
            throw new IllegalArgumentException("a path needs n >= 2 nodes and n - 1 links: " + nodes + " " + links);
        }
        for (int i = 0; i < links.size(); i++) {
            LinkId l = links.get(i);
            if (!l.from().equals(nodes.get(i)) || !l.to().equals(nodes.get(i + 1))) {
                throw new IllegalArgumentException("link " + i + " (" + l + ") does not join " + nodes.get(i) + " and " + nodes.get(i + 1));
            }
        }
    }

    public static PathRef of(List<String> nodes) {
        List<LinkId> links = new ArrayList<>();
        for (int i = 0; i + 1 < nodes.size(); i++) {
            links.add(LinkId.of(nodes.get(i), nodes.get(i + 1)));
        }
        return new PathRef(nodes, links);
    }

    public static PathRef of(String... nodes) { return of(List.of(nodes)); }

    @Override
    public String toString() { return String.join(" -> ", nodes); }
}

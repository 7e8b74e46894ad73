package dev.galactic.core.image;

import dev.galactic.core.bgp.BgpSessions;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.sid.SidLayout;
import dev.galactic.core.sid.SidPlan;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the controller knows at one moment, as one value: the committed intent and its revision,
 * the link states telemetry measured, the SID plan the intent implies, the nodes' WireGuard keys
 * and the sites' BGP sessions as their agents reported them. Publishers decide from an image and
 * the delta that made it, never from a service's live state, so paths are rendered against the
 * image they were computed on. Every part is derived by {@link #apply}, a pure function; the
 * store only keeps what a restart needs to derive the same image again.
 *
 * @param revision the store's revision of {@code intent}
 * @param links every directed link's state at the last telemetry tick the loop saw (immutable)
 * @param sids the SID plan for {@code intent}
 * @param keys each node's WireGuard public key, as its agent last reported it
 * @param bgp what every site's BGP session last reported
 */
public record NetworkImage(long revision, ResourceImage intent, Map<LinkId, LinkState> links, SidPlan sids,
                           Map<String, String> keys, BgpSessions bgp) {

    public static final NetworkImage EMPTY = of(0, ResourceImage.EMPTY);

    public NetworkImage {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(sids, "sids");
        Objects.requireNonNull(bgp, "bgp");
        links = Map.copyOf(links); // a no-op for the immutable maps telemetry hands over
        keys = Map.copyOf(keys);
    }

    /** An image of stored intent with fresh SIDs, before any measurement or report. */
    public static NetworkImage of(long revision, ResourceImage intent) {
        return new NetworkImage(revision, intent, Map.of(), SidPlan.empty(SidLayout.DEFAULT).next(intent), Map.of(), BgpSessions.NONE);
    }

    /** The image {@code delta} makes of this one; parts the delta does not touch are this image's. */
    public NetworkImage apply(NetworkDelta delta) {
        ResourceImage i = intent;
        long rev = revision;
        SidPlan s = sids;
        BgpSessions b = bgp;
        if (delta.intent() != null) {
            i = delta.intent().after();
            rev = delta.intent().revision();
            s = sids.next(i);
            b = b.intent(i);
        }
        Map<LinkId, LinkState> l = delta.links() == null ? links : delta.links().states();
        Map<String, String> k = keys;
        for (NodeReport r : delta.reports()) {
            switch (r) {
                case NodeReport.AgentSession a when a.connected() -> b = b.agentConnected(a.node());
                case NodeReport.AgentSession a -> b = b.agentDisconnected(a.node(), a.at());
                case NodeReport.RoutesReported rr -> b = b.report(rr.node(), rr.routes(), i, rr.at());
                case NodeReport.KeyReported kr when kr.wellFormed() -> {
                    if (kr.publicKey().equals(k.get(kr.node()))) continue;
                    Map<String, String> next = new TreeMap<>(k);
                    next.put(kr.node(), kr.publicKey());
                    k = next;
                }
                default -> { }
            }
        }
        if (delta.tick() != null) b = b.tick(delta.tick());
        if (i == intent && l == links && rev == revision && s == sids && k == keys && b == bgp) return this;
        return new NetworkImage(rev, i, l, s, k, b);
    }

    /** This image with the parts a previous run stored: the SID allocations, the nodes' keys, the BGP sessions. */
    public NetworkImage restored(SidPlan sids, Map<String, String> keys, BgpSessions bgp) {
        return new NetworkImage(revision, intent, links, sids, keys, bgp);
    }
}

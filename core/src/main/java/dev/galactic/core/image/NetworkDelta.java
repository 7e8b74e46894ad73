package dev.galactic.core.image;

import dev.galactic.core.model.Change;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.telemetry.LinkEvent;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between two images, part by part; a part is null when nothing of it changed.
 * Consecutive deltas merge into one ({@link #then}), so a loop that fell behind handles a burst
 * of inputs as one step.
 *
 * @param intent committed intent
 * @param links a telemetry tick: the link events it produced (possibly none) and every link's state after it
 * @param tick the latest clock tick the loop was given (null: none), for publishers that act on time
 * @param reports what agents reported, in the order they arrived (often none)
 */
public record NetworkDelta(IntentDelta intent, LinksDelta links, Instant tick, List<NodeReport> reports) {

    public static final NetworkDelta NONE = new NetworkDelta(null, null, null, List.of());

    public NetworkDelta {
        reports = List.copyOf(reports);
    }

    /** Intent committed to the store: {@code before} became {@code after} at {@code revision}. */
    public record IntentDelta(long revision, ResourceImage before, ResourceImage after, List<Change> changes) {
        public IntentDelta {
            changes = List.copyOf(changes);
        }

        /** This batch, then {@code next}. */
        IntentDelta then(IntentDelta next) {
            List<Change> all = new ArrayList<>(changes);
            all.addAll(next.changes);
            return new IntentDelta(next.revision, before, next.after, all);
        }
    }

    /**
     * A telemetry tick: the events it produced and the states after it.
     *
     * @param eventSeqs per link, the sequence number of the first event the controller published
     *                  about its change (what a path change it causes names as its cause)
     */
    public record LinksDelta(List<LinkEvent> events, Map<LinkId, LinkState> states, Map<LinkId, Long> eventSeqs) {
        public LinksDelta {
            events = List.copyOf(events);
            states = Map.copyOf(states);
            eventSeqs = Map.copyOf(eventSeqs);
        }

        public LinksDelta(List<LinkEvent> events, Map<LinkId, LinkState> states) {
            this(events, states, Map.of());
        }

        LinksDelta then(LinksDelta next) {
            List<LinkEvent> all = new ArrayList<>(events);
            all.addAll(next.events);
            Map<LinkId, Long> seqs = new java.util.HashMap<>(next.eventSeqs);
            seqs.putAll(eventSeqs);
            return new LinksDelta(all, next.states, seqs);
        }
    }

    public static NetworkDelta intent(IntentDelta d) { return new NetworkDelta(d, null, null, List.of()); }

    public static NetworkDelta links(LinksDelta d) { return new NetworkDelta(null, d, null, List.of()); }

    public static NetworkDelta tick(Instant at) { return new NetworkDelta(null, null, at, List.of()); }

    public static NetworkDelta report(NodeReport r) { return new NetworkDelta(null, null, null, List.of(r)); }

    /** This delta followed by {@code next}, as one. */
    public NetworkDelta then(NetworkDelta next) {
        return new NetworkDelta(
                intent == null ? next.intent : next.intent == null ? intent : intent.then(next.intent),
                links == null ? next.links : next.links == null ? links : links.then(next.links),
                next.tick != null ? next.tick : tick,
                reports.isEmpty() ? next.reports : concat(reports, next.reports));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        if (b.isEmpty()) return a;
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Reports of one kind, in arrival order. */
    public <R extends NodeReport> List<R> reports(Class<R> kind) {
        return reports.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** Whether any link event happened (a tick without events only refreshes the measured figures). */
    public boolean linkEvents() {
        return links != null && !links.events.isEmpty();
    }

    /** The tenants whose intent changed; {@link Touched#everyone()} when the shared backbone (Nodes, Links) did. */
    public Touched touchedTenants() {
        if (intent == null) return Touched.NOBODY;
        Set<String> tenants = new TreeSet<>();
        for (Change c : intent.changes) {
            if (c.action() == Change.Action.UNCHANGED) continue;
            Kind k = c.key().kind();
            if (k == Kind.NODE || k == Kind.LINK) return Touched.EVERYONE;
            if (k == Kind.TENANT) tenants.add(c.key().name());
            else if (c.key().tenant() != null) tenants.add(c.key().tenant());
        }
        return new Touched(false, tenants);
    }

    /** The directed links whose state an event changed or whose inventory a change of a Link resource changed. */
    public Set<LinkId> touchedLinks() {
        Set<LinkId> out = new TreeSet<>();
        if (links != null) links.events.forEach(e -> out.add(e.link()));
        if (intent != null) {
            for (Change c : intent.changes) {
                if (c.key().kind() != Kind.LINK || c.action() == Change.Action.UNCHANGED) continue;
                for (Resource r : new Resource[]{c.before(), c.after()}) {
                    if (r == null || !(r.spec() instanceof LinkSpec s)) continue;
                    out.add(LinkId.of(s.a(), s.b()));
                    out.add(LinkId.of(s.b(), s.a()));
                }
            }
        }
        return out;
    }

    /** Tenants a delta concerns: a set, or every tenant at once. */
    public record Touched(boolean everyone, Set<String> tenants) {
        public static final Touched NOBODY = new Touched(false, Set.of());
        public static final Touched EVERYONE = new Touched(true, Set.of());

        public Touched {
            tenants = Set.copyOf(tenants);
        }

        public boolean touches(String tenant) {
            return everyone || tenants.contains(tenant);
        }
    }
}

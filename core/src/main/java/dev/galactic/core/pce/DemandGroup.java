package dev.galactic.core.pce;

import java.util.ArrayList;
import java.util.List;

/** One tenant and class: its view and compiled class, and per demand the result and what it read. */
record DemandGroup(Key key, TenantIntent intent, TenantView view, TrafficClass cls, List<Demand> demands,
                   PathResult[] results) {

    /** Results are listed in this order: tenant, VPC, class. */
    record Key(String tenant, String vpc, String trafficClass) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = tenant.compareTo(o.tenant);
            if (c == 0) c = vpc.compareTo(o.vpc);
            return c != 0 ? c : trafficClass.compareTo(o.trafficClass);
        }
    }

    /** The demands of one class of an intent: every ordered pair of sites its topology wants, results not yet solved. */
    static DemandGroup of(Key key, TenantIntent intent, TenantView view, String className) {
        TrafficClass cls = TrafficClass.of(className, intent.classes().get(className));
        List<Demand> demands = new ArrayList<>();
        for (String from : intent.attachments().keySet()) {
            for (String to : intent.attachments().keySet()) {
                if (intent.wantsPath(from, to)) demands.add(new Demand(view, intent, cls, from, to, view.node(from), view.node(to), new Deps()));
            }
        }
        PathResult[] results = new PathResult[demands.size()];
        DemandGroup grp = new DemandGroup(key, intent, view, cls, List.copyOf(demands), results);
        for (int i = 0; i < results.length; i++) {
            Demand d = demands.get(i);
            d.deps().owner = grp;
            d.deps().index = i;
        }
        return grp;
    }
}

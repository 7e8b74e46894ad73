package dev.galactic.core.pce;

import dev.galactic.core.model.Kind;
import dev.galactic.core.model.ResourceKey;

/** One demand: a tenant's VPC, one of its traffic classes, and an ordered pair of its sites. */
public record DemandKey(String tenant, String vpc, String trafficClass, String from, String to) {

    public static DemandKey of(PathResult r) {
        return new DemandKey(r.tenant(), r.vpc(), r.trafficClass(), r.from(), r.to());
    }

    /** The VPC the demand belongs to. */
    public ResourceKey vpcKey() {
        return new ResourceKey(Kind.VPC, tenant, vpc);
    }

    @Override
    public String toString() {
        return tenant + "/" + vpc + " " + trafficClass + " " + from + " → " + to;
    }
}

package dev.galactic.core.bgp;

/** What the controller made of one learned route: accepted into the VPC, or rejected and why. */
public sealed interface RouteDecision {

    LearnedRoute route();

    boolean accepted();

    record Accepted(LearnedRoute route) implements RouteDecision {
        @Override
        public boolean accepted() { return true; }
    }

    /** @param why the reason in words, naming the rule and the values that broke it */
    record Rejected(LearnedRoute route, Reason reason, String why) implements RouteDecision {
        @Override
        public boolean accepted() { return false; }
    }

    /** Why a route was rejected; the order is the order the checks run in. */
    enum Reason {
        /** The prefix is not a prefix (host bits set, no length, not an address). */
        MALFORMED,
        /** 0.0.0.0/0 or ::/0 on an attachment without allowDefault. */
        DEFAULT_ROUTE,
        /** A martian or documentation range, or the backbone's own SID space. */
        BOGON,
        /** Outside the attachment's allowed prefixes (or its static prefixes when none are listed). */
        NOT_ALLOWED,
        /** Inside an allowed prefix, but longer than its maxLength. */
        TOO_SPECIFIC,
        /** The last AS of the AS path is not one of the attachment's origin ASNs. */
        ORIGIN_AS,
        /** Overlaps a prefix of another site of the same VPC (neither is anycast). */
        OVERLAPS_SITE,
        /** Beyond the attachment's maxPrefixes. */
        MAX_PREFIXES
    }
}

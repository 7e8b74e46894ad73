package dev.galactic.core.model;

import java.util.List;

/**
 * IP access list and rate limit at the boundary of a VPC (its attachments).
 *
 * @param vpc the VPC it guards
 * @param attachments the attachments it applies to; all of the VPC's when empty
 * @param rules evaluated in order, first match wins
 * @param defaultAction what happens to traffic no rule matches; allow by default
 * @param rateLimit the most traffic an attachment may send into the VPC
 */
public record PolicySpec(String vpc, List<String> attachments, List<Rule> rules, Action defaultAction,
                         RateLimit rateLimit) implements Spec {

    public PolicySpec {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        rules = rules == null ? List.of() : List.copyOf(rules);
        defaultAction = defaultAction == null ? Action.ALLOW : defaultAction;
    }

    public enum Action { ALLOW, DENY }

    public enum Direction { INGRESS, EGRESS }

    /**
     * @param direction ingress: from the site into the VPC; egress: from the VPC to the site
     * @param ports ports or ranges ("22", "1000-2000"), tcp and udp only
     */
    public record Rule(Action action, Direction direction, ClassifierSpec.Protocol protocol, String source,
                       String destination, List<String> ports) {
        public Rule {
            ports = ports == null ? List.of() : List.copyOf(ports);
        }
    }

    /** @param mbps sustained rate; @param burstKb bucket size */
    public record RateLimit(Double mbps, Integer burstKb) {
    }
}

package dev.galactic.core.model;

import java.util.List;

/**
 * Puts matching traffic of a VPC into a traffic class.
 *
 * @param vpc the VPC whose traffic is classified
 * @param trafficClass the class matching packets get
 * @param priority lower numbers are matched first
 * @param match what a packet must look like; every given field must match
 */
public record ClassifierSpec(String vpc, String trafficClass, Integer priority, Match match) implements Spec {

    /**
     * @param protocol tcp, udp, icmp or any
     * @param sourcePrefixes source prefixes, any when empty
     * @param destinationPrefixes destination prefixes, any when empty
     * @param destinationPorts ports or ranges ("443", "8000-8080"), tcp and udp only
     * @param dscp DSCP value 0..63
     */
    public record Match(Protocol protocol, List<String> sourcePrefixes, List<String> destinationPrefixes,
                       List<String> destinationPorts, Integer dscp) {
        public Match {
            sourcePrefixes = sourcePrefixes == null ? List.of() : List.copyOf(sourcePrefixes);
            destinationPrefixes = destinationPrefixes == null ? List.of() : List.copyOf(destinationPrefixes);
            destinationPorts = destinationPorts == null ? List.of() : List.copyOf(destinationPorts);
        }
    }

    public enum Protocol { ANY, TCP, UDP, ICMP }
}

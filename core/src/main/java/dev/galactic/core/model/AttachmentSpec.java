package dev.galactic.core.model;

import java.util.List;

/**
 * A tenant site attached to the VPC at an edge node.
 *
 * @param vpc the VPC this site belongs to (same tenant)
 * @param node the edge node it attaches at
 * @param kind how the site connects
 * @param prefixes static prefixes reachable at this site
 * @param anycast whether its prefixes may overlap other sites of the VPC on purpose
 * @param bgp the BGP session with the customer router, if any
 */
public record AttachmentSpec(String vpc, String node, AttachmentKind kind, List<String> prefixes, Boolean anycast,
                             Bgp bgp) implements Spec {

    public AttachmentSpec {
        prefixes = prefixes == null ? List.of() : List.copyOf(prefixes);
    }

    public boolean anycastEnabled() { return Boolean.TRUE.equals(anycast); }

    public enum AttachmentKind { WIREGUARD_EDGE, PORT, COMPUTE, CLOUD }

    /**
     * @param peerAsn the customer's ASN
     * @param peerAddress the customer router's address on the attachment
     * @param allowedPrefixes prefixes the customer may announce; empty means only the static prefixes
     * @param originAsns ASNs allowed to originate announced prefixes; empty means peerAsn only
     * @param maxPrefixes the most prefixes accepted from the session
     * @param maxPrefixAction what happens past maxPrefixes
     * @param allowDefault whether a default route may be learned
     * @param holdTimeSeconds BGP hold time (keepalive is a third)
     */
    public record Bgp(Long peerAsn, String peerAddress, List<AllowedPrefix> allowedPrefixes, List<Long> originAsns,
                      Integer maxPrefixes, MaxPrefixAction maxPrefixAction, Boolean allowDefault,
                      Integer holdTimeSeconds) {
        public Bgp {
            allowedPrefixes = allowedPrefixes == null ? List.of() : List.copyOf(allowedPrefixes);
            originAsns = originAsns == null ? List.of() : List.copyOf(originAsns);
        }
    }

    /** A prefix the customer may announce, and more specifics of it up to maxLength. */
    public record AllowedPrefix(String prefix, Integer maxLength) {
    }

    public enum MaxPrefixAction { STOP_LEARNING, TEAR_DOWN }
}

package dev.galactic.agent.bgp;

import java.util.List;

/**
 * One attachment's BGP speaker on this edge, as the agent runs it: a gobgpd of its own, bound to
 * the edge's address on the attachment's link, with one neighbour (the customer router).
 *
 * @param localAddress the edge's address on the attachment's link: the session's source, the
 *                     only address the daemon listens on, and its router id when IPv4
 * @param advertise the prefixes to announce to the customer (next hop: the local address)
 */
public record Speaker(String tenant, String attachment, String localAddress, long localAsn, long peerAsn, String peerAddress,
                      int holdTimeSeconds, boolean shutdown, List<String> advertise) {

    public Speaker {
        advertise = List.copyOf(advertise);
    }

    /** The per-instance directory name: tenant and attachment names are [a-z0-9-], so "--" cannot occur inside one. */
    public String id() { return tenant + "--" + attachment; }

    public boolean v4() { return peerAddress.indexOf(':') < 0; }
}

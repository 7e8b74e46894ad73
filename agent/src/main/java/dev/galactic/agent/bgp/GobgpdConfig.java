package dev.galactic.agent.bgp;

/**
 * A {@link Speaker} as gobgpd's TOML. The daemon gets no zebra section, so it never installs a
 * kernel route: forwarding is the controller's (the edge's routes come from its NodeConfig).
 * Routes to advertise are not in the file; the manager adds them over the daemon's API, so
 * changing them needs no reload.
 */
public final class GobgpdConfig {

    private GobgpdConfig() {
    }

    public static String toml(Speaker s) {
        int hold = s.holdTimeSeconds();
        // RFC 4271: keepalive a third of the hold time; a hold time of 0 means no keepalives at all
        int keepalive = hold == 0 ? 0 : Math.max(1, hold / 3);
        String family = s.v4() ? "ipv4-unicast" : "ipv6-unicast";
        // a router id must be an IPv4 address; an IPv6-only session takes one derived from the ASN's low bits
        String routerId = s.v4() ? s.localAddress() : "10." + ((s.localAsn() >> 16) & 0xff) + "." + ((s.localAsn() >> 8) & 0xff) + "." + (s.localAsn() & 0xff);
        return """
                # written by the galactic agent for %s/%s; edits are overwritten
                [global.config]
                  as = %d
                  router-id = "%s"
                  port = 179
                  local-address-list = ["%s"]

                [[neighbors]]
                  [neighbors.config]
                    neighbor-address = "%s"
                    peer-as = %d
                    admin-down = %s
                  [neighbors.timers.config]
                    hold-time = %d
                    keepalive-interval = %d
                    connect-retry = 1
                  [neighbors.transport.config]
                    local-address = "%s"
                  [[neighbors.afi-safis]]
                    [neighbors.afi-safis.config]
                      afi-safi-name = "%s"
                """.formatted(s.tenant(), s.attachment(), s.localAsn(), routerId, s.localAddress(), s.peerAddress(), s.peerAsn(),
                s.shutdown(), hold, keepalive, s.localAddress(), family);
    }

    /**
     * Whether going from one file to the other needs a restart: gobgpd reloads neighbours on
     * SIGHUP but not its global section (ASN, router id, listen address).
     */
    public static boolean needsRestart(String before, String after) {
        return !global(before).equals(global(after));
    }

    private static String global(String toml) {
        int n = toml.indexOf("[[neighbors]]");
        return n < 0 ? toml : toml.substring(0, n);
    }
}

package dev.galactic.lab;

import dev.galactic.lab.topology.LabPlan.SitePlan;
import dev.galactic.lab.topology.Topology;
import dev.galactic.core.net.IpPrefix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A BGP site's customer router: BIRD in the site's namespace, a different implementation from
 * the edge's gobgpd, as a customer's router would be. It announces the site's prefixes (and the
 * topology's extra {@code announce} ones) to the edge and installs what it learns into the
 * site's kernel; the site host has no IPv4 default route, so it reaches other sites only through
 * routes learned over BGP.
 *
 * <p>Each announced prefix is its own static protocol ({@link #protocol}), so a test withdraws
 * one with {@code birdc disable NAME}.
 */
public final class CustomerRouter {

    private CustomerRouter() {
    }

    /** The site's directory under the lab's work directory: config, control socket. */
    public static Path dir(Path workDir, String site) {
        return workDir.resolve("sites").resolve(site);
    }

    /** BIRD's control socket, for {@code birdc -s}. */
    public static Path control(Path workDir, String site) {
        return dir(workDir, site).resolve("bird.ctl");
    }

    /** The static protocol that announces {@code prefix}. */
    public static String protocol(IpPrefix prefix) {
        return "announce_" + prefix.toString().replaceAll("[^0-9a-zA-Z]", "_");
    }

    public static Set<IpPrefix> announced(Topology.Site s) {
        Set<IpPrefix> out = new LinkedHashSet<>(s.prefixes());
        out.addAll(s.bgp().announce());
        return out;
    }

    /** BIRD 2's configuration: the edge is "external" (the tenant's ASN is the controller's choice); fast connect and retry timers. */
    public static String config(SitePlan s) {
        StringBuilder c = new StringBuilder();
        c.append("# written by galactic lab for site ").append(s.name()).append('\n');
        c.append("router id ").append(s.hostV4()).append(";\n");
        c.append("protocol device {}\n");
        c.append("protocol kernel { ipv4 { import none; export where source = RTS_BGP; }; }\n");
        for (IpPrefix p : announced(s.site())) {
            c.append("protocol static ").append(protocol(p)).append(" { ipv4; route ").append(p).append(" unreachable; }\n");
        }
        c.append("protocol bgp edge {\n")
                .append("  local ").append(s.hostV4()).append(" as ").append(s.site().bgp().asn()).append(";\n")
                .append("  neighbor ").append(s.edgeV4()).append(" external;\n")
                .append("  connect delay time 1; connect retry time 2; error wait time 1, 4; hold time 9;\n")
                .append("  ipv4 { import all; export where source = RTS_STATIC; };\n")
                .append("}\n");
        return c.toString();
    }

    /** The command that runs it in the foreground inside the site's namespace (ip netns exec execs: the PID is BIRD's). */
    public static List<String> command(SitePlan s, Path workDir) {
        Path d = dir(workDir, s.name());
        return new ArrayList<>(List.of("ip", "netns", "exec", s.hostNetns(), "bird", "-f", "-c", d.resolve("bird.conf").toString(),
                "-s", control(workDir, s.name()).toString()));
    }
}

package dev.galactic.lab;

import dev.galactic.lab.emu.Impairment;
import dev.galactic.lab.emu.LinkStats;

import java.nio.file.Path;
import java.util.List;

/**
 * A lab as it is now: what was planned, what exists, what runs.
 *
 * @param missingNamespaces planned namespaces that are gone (empty when healthy)
 * @param controllerUrl the lab's controller as the host reaches it (a loopback forwarder); null without a control plane
 */
public record LabStatus(String name, String prefix, LabState.Phase phase, Path workDir, Mgmt mgmt, String controllerUrl,
                        List<NodeStatus> nodes, List<LinkStatus> links, List<TunnelStatus> tunnels,
                        List<SiteStatus> sites, List<DaemonStatus> daemons, List<String> missingNamespaces,
                        List<String> warnings) {

    /** Where the controller lives: run it with {@code ip netns exec NETNS ...}, agents dial {@code controllerAddress}. */
    public record Mgmt(String netns, String bridge, String controllerAddress, int prefixLength) {
    }

    public record NodeStatus(String name, String role, String netns, String locator, String loopback,
                             String mgmtAddress, String wireguardPublicKey, boolean exists) {
    }

    /**
     * @param emulation wire (TAP wire), veth, or relay (veth plus a UDP relay before the core's WireGuard port)
     * @param stats counters from the emulator (null for veth links or before the first report)
     */
    public record LinkStatus(String name, String role, String emulation, String aIf, String bIf,
                             Impairment impairment, LinkStats stats) {
    }

    public record TunnelStatus(String link, String edge, String edgeIf, String edgeAddress,
                               String core, String coreIf, String coreAddress, int port) {
    }

    /**
     * A customer site: the host namespace sits behind {@code edgeIf} on its edge; the edge reaches
     * the site's prefixes via {@code hostV4} / {@code hostV6} (the customer router's addresses).
     */
    public record SiteStatus(String name, String tenant, String edge, String netns, String edgeIf,
                             String edgeV4, String hostV4, String edgeV6, String hostV6,
                             List<String> prefixes, List<String> lanAddresses) {
    }

    public record DaemonStatus(String kind, String netns, String detail, long pid, boolean alive) {
    }

    public boolean healthy() {
        return phase == LabState.Phase.UP && missingNamespaces.isEmpty() && daemons.stream().allMatch(DaemonStatus::alive);
    }
}

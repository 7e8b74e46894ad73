package dev.galactic.agent.driver.linux;

import dev.galactic.core.render.NodeConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code wg set} must do to make one tunnel interface match a {@link NodeConfig.Tunnel}:
 * a pure diff of the desired tunnel against {@code wg show IF dump}. A peer whose public key the
 * controller does not know yet is left as it is: a restarted controller must not tear tunnels
 * down while agents report in.
 */
public final class WireGuardPlan {

    /** WireGuard's usual port, when a peer's endpoint comes from the config without one. */
    public static final int DEFAULT_PORT = 51820;
    /** Keeps NAT bindings and relays open from the side that dials. */
    static final int KEEPALIVE_SECONDS = 25;

    private WireGuardPlan() {
    }

    /** @return argument lists for {@code wg} (each starting with "set"), empty when nothing differs */
    public static List<List<String>> commands(NodeConfig.Tunnel t, LinuxPlan.TunnelPort port, String privateKey, String privateKeyFile, String dump) {
        List<String> lines = dump.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) throw new IllegalArgumentException("wg printed nothing for " + port.device());
        String[] self = lines.getFirst().split("\t");
        List<List<String>> out = new ArrayList<>();
        boolean keyDiffers = self.length < 3 || !self[0].equals(privateKey);
        boolean portDiffers = port.listenPort() != null && (self.length < 3 || !self[2].equals(Integer.toString(port.listenPort())));
        if (keyDiffers || portDiffers) {
            List<String> c = new ArrayList<>(List.of("set", port.device(), "private-key", privateKeyFile));
            if (port.listenPort() != null) c.addAll(List.of("listen-port", Integer.toString(port.listenPort())));
            out.add(c);
        }
        if (t.peerPublicKey() == null) return out;
        String endpoint = port.endpoint() != null ? port.endpoint()
                : t.endpoint() == null ? null : (t.endpoint().contains(":") ? "[" + t.endpoint() + "]" : t.endpoint()) + ":" + DEFAULT_PORT;
        Set<String> allowed = new TreeSet<>(t.allowedPrefixes());
        String keepalive = endpoint == null ? "off" : Integer.toString(KEEPALIVE_SECONDS);
        boolean present = false;
        for (String line : lines.subList(1, lines.size())) {
            String[] p = line.split("\t");
            if (!p[0].equals(t.peerPublicKey())) {
                out.add(List.of("set", port.device(), "peer", p[0], "remove"));
                continue;
            }
            Set<String> has = p[3].equals("(none)") ? Set.of() : new TreeSet<>(List.of(p[3].split(",")));
            present = has.equals(allowed) && (endpoint == null || endpoint.equals(p[2])) && keepalive.equals(p[7]);
        }
        if (!present) {
            List<String> c = new ArrayList<>(List.of("set", port.device(), "peer", t.peerPublicKey()));
            if (endpoint != null) c.addAll(List.of("endpoint", endpoint));
            c.addAll(List.of("allowed-ips", String.join(",", allowed)));
            c.addAll(List.of("persistent-keepalive", endpoint == null ? "0" : keepalive));
            out.add(c);
        }
        return out;
    }
}

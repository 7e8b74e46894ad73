package dev.galactic.agent.bgp;

import dev.galactic.core.agent.AgentMessage;
import dev.galactic.core.bgp.LearnedRoute;
import dev.galactic.core.bgp.SessionState;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.render.NodeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.galactic.agent.driver.linux.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real gobgpd speakers run by {@link BgpSpeakers} in an edge namespace, real BIRD customer
 * routers in two site namespaces: two tenants announcing the same prefix, each to its own
 * speaker; advertisements follow the config; an agent restart adopts the running daemons
 * without resetting their sessions.
 */
class BgpSpeakersNetnsTest {

    static final String P = "gbs" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(3);
    static final List<String> NAMESPACES = List.of("e", "c1", "c2");
    @TempDir
    static Path dir;
    static final List<Long> birds = new ArrayList<>();

    static String ns(String n) { return P + n; }

    static String run(String... cmd) throws Exception {
        return Shell.run(List.of(cmd), null);
    }

    static String in(String n, String cmd) throws Exception {
        List<String> args = new ArrayList<>(List.of("ip", "netns", "exec", ns(n)));
        args.addAll(List.of(cmd.split(" ")));
        return run(args.toArray(String[]::new));
    }

    @BeforeAll
    static void build() throws Exception {
        boolean root = "0".equals(run("id", "-u").trim());
        if (!root || !Files.isExecutable(Path.of("/usr/bin/gobgpd")) || !Files.isExecutable(Path.of("/usr/sbin/bird"))) {
            String why = "needs root, gobgpd (Debian gobgpd) and bird (Debian bird2)";
            if (Boolean.getBoolean("galactic.requireLab")) throw new IllegalStateException(why);
            Assumptions.abort(why);
        }
        for (String n : NAMESPACES) {
            run("ip", "netns", "add", ns(n));
            in(n, "ip link set lo up");
        }
        // both customers use AS 65001 and announce 10.1.0.0/24: only their link nets differ
        for (String[] c : new String[][]{{"c1", "t1", "11"}, {"c2", "t2", "12"}}) {
            run("ip", "link", "add", c[1] + P, "netns", ns("e"), "type", "veth", "peer", "name", "up0" + P, "netns", ns(c[0]));
            in("e", "ip link set " + c[1] + P + " name " + c[1]);
            in(c[0], "ip link set up0" + P + " name up0");
            in("e", "ip addr add 172.16." + c[2] + ".1/30 dev " + c[1]);
            in(c[0], "ip addr add 172.16." + c[2] + ".2/30 dev up0");
            in("e", "ip link set " + c[1] + " up");
            in(c[0], "ip link set up0 up");
            Path conf = dir.resolve(c[0] + ".conf");
            Files.writeString(conf, """
                    router id 172.16.%s.2;
                    protocol device {}
                    protocol kernel { ipv4 { export where source = RTS_BGP; import none; }; }
                    protocol static { ipv4; route 10.1.0.0/24 unreachable; route 10.%s.0.0/24 unreachable; }
                    protocol bgp edge {
                      local 172.16.%s.2 as 65001; neighbor 172.16.%s.1 as %d;
                      connect delay time 1; connect retry time 2; hold time 9;
                      ipv4 { import all; export filter { if source != RTS_STATIC then reject; bgp_community.add((65001,%s)); accept; }; };
                    }
                    """.formatted(c[2], c[2], c[2], c[2], c[0].equals("c1") ? 4200000001L : 4200000002L, c[2]));
            // in the foreground, so the pid is known at once (a daemonising bird writes its pid file a moment later)
            Process bird = new ProcessBuilder("ip", "netns", "exec", ns(c[0]), "bird", "-f", "-c", conf.toString(), "-s",
                    dir.resolve(c[0] + ".ctl").toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(c[0] + ".log").toFile())).start();
            birds.add(bird.pid());
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        for (long pid : birds) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        if (speakers != null) speakers.stopAll();
        for (String n : NAMESPACES) {
            try {
                run("ip", "netns", "del", ns(n));
            } catch (Shell.Failed e) {
                System.err.println("cleanup: " + e.getMessage());
            }
        }
    }

    static BgpSpeakers speakers;
    static final Map<String, AgentMessage.Routes> reports = new ConcurrentHashMap<>();

    static BgpSpeakers manager() {
        return new BgpSpeakers(dir.resolve("agent"), ns("e"), Map.of("s1", "t1", "s2", "t2", "s3", "t1"),
                r -> reports.put(r.tenant() + "/" + r.attachment(), r), Duration.ofMillis(300));
    }

    static NodeConfig config(List<String> advertise1) {
        NodeConfig.TenantConfig t1 = new NodeConfig.TenantConfig("t1", 1, List.of(new NodeConfig.Site("s1", "main", List.of(),
                new NodeConfig.Bgp(4200000001L, 65001, "172.16.11.2", 9, false, advertise1))), List.of(), List.of());
        NodeConfig.TenantConfig t2 = new NodeConfig.TenantConfig("t2", 2, List.of(new NodeConfig.Site("s2", "main", List.of(),
                new NodeConfig.Bgp(4200000002L, 65001, "172.16.12.2", 9, false, List.of("10.2.0.0/24")))), List.of(), List.of());
        // a site whose port has no address next to its peer: no speaker, and the controller hears why
        NodeConfig.TenantConfig t3 = new NodeConfig.TenantConfig("t3", 3, List.of(new NodeConfig.Site("s3", "main", List.of(),
                new NodeConfig.Bgp(4200000003L, 65001, "172.16.99.2", 9, false, List.of()))), List.of(), List.of());
        return new NodeConfig("e", NodeSpec.NodeRole.EDGE, "fc00:e::/48", "fc00:e::1", "fc00::/16", List.of(), List.of(), List.of(t1, t2, t3));
    }

    static void await(String what, BooleanSupplier ok) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > until) throw new AssertionError("timed out waiting until " + what + "; reports: " + reports);
            Thread.sleep(100);
        }
    }

    static String birdRoutes(String c) throws Exception {
        return run("birdc", "-s", dir.resolve(c + ".ctl").toString(), "show", "route");
    }

    static List<String> prefixes(String key) {
        AgentMessage.Routes r = reports.get(key);
        return r == null ? List.of() : r.received().stream().map(LearnedRoute::prefix).toList();
    }

    @Test
    void tenantsPeerSeparatelyAdvertisementsFollowTheConfigAndARestartedAgentAdoptsTheDaemons() throws Exception {
        speakers = manager();
        speakers.apply(config(List.of("10.2.0.0/24", "10.9.0.0/24")));
        await("both sessions are established and report their customer's routes", () ->
                prefixes("t1/s1").equals(List.of("10.1.0.0/24", "10.11.0.0/24")) && prefixes("t2/s2").equals(List.of("10.1.0.0/24", "10.12.0.0/24")));
        assertThat(reports.get("t3/s3").state()).isEqualTo(SessionState.NOT_RUNNING);
        assertThat(reports.get("t3/s3").detail()).contains("same subnet as the BGP peer 172.16.99.2");
        AgentMessage.Routes t1 = reports.get("t1/s1");
        assertThat(t1.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(t1.received().getFirst().asPath()).containsExactly(65001L);
        assertThat(t1.received().getFirst().communities()).containsExactly("65001:11");
        assertThat(t1.received().getFirst().nextHop()).isEqualTo("172.16.11.2");
        // each speaker listens only on its own link address: two daemons share the namespace's port 179
        assertThat(in("e", "ss -Hltn sport = :179")).contains("172.16.11.1:179").contains("172.16.12.1:179").doesNotContain("*:179");
        await("customer 1 learns what its speaker advertises, next hop the edge", () -> {
            try {
                String r = birdRoutes("c1");
                return r.contains("10.2.0.0/24") && r.contains("10.9.0.0/24");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(in("c1", "ip route")).contains("10.9.0.0/24 via 172.16.11.1");
        assertThat(birdRoutes("c2")).contains("10.2.0.0/24").doesNotContain("10.9.0.0/24");
        // the daemons install nothing in the edge's kernel: forwarding is the controller's
        assertThat(in("e", "ip route show table all")).doesNotContain("10.1.0.0").doesNotContain("10.11.0.0");

        // a withdrawal in the config reaches the customer
        speakers.apply(config(List.of("10.2.0.0/24")));
        await("customer 1 no longer has 10.9.0.0/24", () -> {
            try {
                return !birdRoutes("c1").contains("10.9.0.0/24");
            } catch (Exception e) {
                return false;
            }
        });

        // an agent restart: the new manager adopts the daemons; the sessions are not reset
        Path sd = dir.resolve("agent/bgp/t1--s1");
        long pid = BgpSpeakers.pid(sd).orElseThrow();
        String established = birdSince("c1");
        speakers.close();
        reports.clear();
        speakers = manager();
        speakers.apply(config(List.of("10.2.0.0/24")));
        await("the adopted speaker reports again", () -> prefixes("t1/s1").size() == 2);
        assertThat(BgpSpeakers.pid(sd)).contains(pid);
        assertThat(birdSince("c1")).isEqualTo(established);

        // removing a site's BGP from the config stops its daemon and removes its directory
        speakers.apply(new NodeConfig("e", NodeSpec.NodeRole.EDGE, "fc00:e::/48", "fc00:e::1", "fc00::/16", List.of(), List.of(),
                List.of(config(List.of()).tenants().get(1))));
        assertThat(Files.exists(sd)).isFalse();
        // stop() waits until the daemon is dead or a zombie; the JVM's reaper (its parent here) takes it away soon after
        await("gobgpd " + pid + " is gone", () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    /** When BIRD's session to the edge went up ("Established" line of show protocols): it changes if the session is reset. */
    static String birdSince(String c) throws Exception {
        String out = run("birdc", "-s", dir.resolve(c + ".ctl").toString(), "show", "protocols", "edge");
        return out.lines().filter(l -> l.startsWith("edge")).findFirst().orElseThrow();
    }
}

package dev.galactic.lab;

import dev.galactic.lab.LabState.Daemon;
import dev.galactic.lab.LabState.Phase;
import dev.galactic.lab.emu.ControlFile;
import dev.galactic.lab.emu.EmulatorLauncher;
import dev.galactic.lab.emu.Endpoint;
import dev.galactic.lab.emu.Impairment;
import dev.galactic.lab.emu.LinkEmulatorMain;
import dev.galactic.lab.emu.LinkStats;
import dev.galactic.lab.sys.Netns;
import dev.galactic.lab.sys.Prerequisites;
import dev.galactic.lab.sys.Procs;
import dev.galactic.lab.topology.LabPlan;
import dev.galactic.lab.topology.LabPlan.LinkPlan;
import dev.galactic.lab.topology.LabPlan.NodePlan;
import dev.galactic.lab.topology.LabPlan.SitePlan;
import dev.galactic.lab.topology.LabPlan.TunnelPlan;
import dev.galactic.lab.topology.Topology;
import dev.galactic.lab.topology.TopologyParser;
import dev.galactic.lab.wg.WireGuard;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds a lab from a topology in network namespaces on this host, and takes it down again.
 * All state lives in a work directory ({@code .galactic/lab/NAME} by convention), so each verb
 * can run in a separate process: {@code up} builds and returns, {@code status}, {@code impair}
 * and {@code down} read {@code WORKDIR/state.json}.
 *
 * <p>What {@code up} builds: a namespace per core, edge and customer site, plus a management
 * namespace with a bridge every node is attached to; underlay links as TAP wires through the
 * Java link emulator (one emulator process for the whole lab) or veth pairs; a WireGuard tunnel
 * (wireguard-go) over every edge uplink; customer links; IPv6 addresses and static routes so
 * every node's locator is reachable. It programs no tenant or SRv6 routes: that is the agents'
 * job. Nothing is ever routed to or from the host namespace.
 */
public final class Lab {

    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Lab() {
    }

    /**
     * How a lab is run.
     *
     * @param controlPlane how to start the controller and agents; null builds the network only
     */
    public record Options(EmulatorLauncher emulator, ControlPlane.Launcher controlPlane) {
        /** The whole lab: network, controller and an agent per node, from this JVM's class path. */
        public static Options full() {
            return new Options(EmulatorLauncher.currentJvm(), ControlPlane.Launcher.currentJvm());
        }

        /** The whole lab, its controller run with these extra options (e.g. {@code --hold-down 10}). */
        public static Options full(List<String> controllerArgs) {
            return new Options(EmulatorLauncher.currentJvm(), ControlPlane.Launcher.currentJvm().withControllerArgs(controllerArgs));
        }

        /** Namespaces, links and WireGuard only: no controller, no agents. */
        public static Options networkOnly() {
            return new Options(EmulatorLauncher.currentJvm(), null);
        }
    }

    /** Parses {@code topologyFile} and builds the lab; see {@link #up(String, String, Path, Progress, Options)}. */
    public static LabStatus up(Path topologyFile, Path workDir, Progress progress, Options options) throws IOException {
        return up(Files.readString(topologyFile), topologyFile.toString(), workDir, progress, options);
    }

    /**
     * Builds the lab described by {@code topologyYaml} with fresh names. Fails when {@code workDir}
     * already holds a lab. On any failure it removes what it created and rethrows.
     *
     * @param source names the topology in messages (a file name)
     */
    public static LabStatus up(String topologyYaml, String source, Path workDir, Progress progress,
                               Options options) throws IOException {
        String missing = Prerequisites.explain(Prerequisites.LAB);
        if (missing != null) throw new IllegalStateException("cannot build a lab here: " + missing);
        Topology topology = TopologyParser.parse(topologyYaml, source);
        topology.warnings().forEach(progress::warn);
        if (topology.sites().stream().anyMatch(s -> s.bgp() != null)) {
            String bgp = Prerequisites.explain(Prerequisites.BGP);
            if (bgp != null) throw new IllegalStateException("cannot build a lab with BGP sites here: " + bgp);
        }
        if (LabState.load(workDir).isPresent()) {
            throw new IllegalStateException("a lab is already recorded in " + workDir + "; run down first");
        }
        LabPlan.of(topology, new LabNames("g0000")); // refuses what cannot be planned before claiming anything
        LabNames names = LabNames.fresh();
        LabPlan plan = LabPlan.of(topology, names);
        Builder b = new Builder(plan, workDir, progress,
                new LabState(topology.name(), names.prefix(), Phase.CREATING, Instant.now(), topologyYaml, source, List.of(), List.of()));
        try {
            b.build(options);
        } catch (IOException | RuntimeException e) {
            progress.step("failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "; cleaning up");
            try {
                b.state = b.state.withPhase(Phase.FAILED);
                b.state.save(workDir);
                down(workDir, progress);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        progress.step("lab " + topology.name() + " (" + names.prefix() + ") is up in "
                + String.format("%.2f", progress.elapsedSeconds()) + " s");
        return status(workDir);
    }

    /** Builds one lab step by step, saving state before each thing it creates. */
    private static final class Builder {
        final LabPlan plan;
        final Path workDir;
        final Progress progress;
        LabState state;

        Builder(LabPlan plan, Path workDir, Progress progress, LabState state) {
            this.plan = plan;
            this.workDir = workDir;
            this.progress = progress;
            this.state = state;
        }

        void build(Options options) throws IOException {
            EmulatorLauncher launcher = options.emulator();
            ControlPlane.Launcher controlPlane = options.controlPlane();
            state.save(workDir);
            progress.step("lab " + plan.topology().name() + ": prefix " + plan.names().prefix() + ", work dir " + workDir);

            for (String ns : plan.namespaces()) {
                // recorded once created (ip netns add fails on an existing name, so a recorded
                // namespace is always ours); a crash in between is covered by down's prefix scan
                // wireguard-go binds a random port before `wg set` gives it its own; keep the
                // lab's WireGuard ports out of the random range so they are always free
                Netns.create(ns, "net.ipv4.ip_local_reserved_ports=" + LabPlan.RESERVED_PORTS);
                state = state.withNamespace(ns);
                state.save(workDir);
            }
            progress.step("namespaces: " + plan.namespaces().size() + " created");

            // the emulator JVM starts in the background while veths and WireGuard are set up
            List<LinkEmulatorMain.Spec> emulated = new ArrayList<>();
            for (LinkPlan l : plan.links()) {
                if (!l.link().emulation().impairable()) continue;
                Path control = controlFile(workDir, l.name());
                ControlFile.write(control, l.link().impairment());
                emulated.add(switch (l.link().emulation()) {
                    case WIRE -> new LinkEmulatorMain.Wire(l.name(), new Endpoint(l.a().netns(), l.a().ifname()),
                            new Endpoint(l.b().netns(), l.b().ifname()), control);
                    // any address and loopback: the relay needs no interface address to exist yet
                    case RELAY -> {
                        TunnelPlan t = plan.tunnels().stream().filter(x -> x.link().equals(l.name())).findFirst().orElseThrow();
                        yield new LinkEmulatorMain.Relay(l.name(), l.b().netns(), "[::]:" + t.relayPort(), "[::1]:" + t.port(), control);
                    }
                    case VETH -> throw new IllegalStateException("not emulated: " + l.name());
                });
            }
            EmulatorLauncher.Starting emulator = null;
            int emulatedCount = emulated.size();
            // the emulator process also carries the host's way in to the controller
            LinkEmulatorMain.Forward forward = controlPlane == null ? null : new LinkEmulatorMain.Forward(plan.mgmt().netns(),
                    "[" + plan.mgmt().controllerAddress() + "]:" + ControlPlane.API_PORT, apiPortFile(workDir));
            if (!emulated.isEmpty() || forward != null) {
                emulator = launcher.launch(emulated, forward, workDir.resolve("linkemu.ready"), workDir.resolve("linkemu.log"));
                state = state.withDaemon(new Daemon("linkemu", null, emulated.size() + " links", Procs.Recorded.of(emulator.process().toHandle())));
                state.save(workDir);
            }

            List<String> host = new ArrayList<>();
            for (NodePlan n : plan.nodes()) {
                host.add("link add " + LabPlan.MGMT_IF + " netns " + n.netns() + " type veth peer name "
                        + n.mgmtBridgePort() + " netns " + plan.mgmt().netns());
            }
            int veths = 0;
            for (LinkPlan l : plan.links()) {
                if (l.link().emulation() == Topology.Emulation.WIRE) continue;
                host.add(veth(l.a(), l.b(), l.mtu()));
                veths++;
            }
            for (SitePlan s : plan.sites()) host.add(veth(s.edgeSide(), s.hostSide(), 1500));
            // creates veth pairs directly inside lab namespaces: nothing is left in the host namespace
            Netns.batch(null, host);
            progress.step("veth pairs: " + plan.nodes().size() + " management, " + veths + " underlay, "
                    + plan.sites().size() + " customer");

            // with a control plane the agents make the keys and set the peers from the controller's configs
            Map<String, String> publicKeys = startWireGuard(controlPlane == null);

            if (emulator != null) {
                emulator.awaitReady();
                long relays = emulated.stream().filter(e -> e instanceof LinkEmulatorMain.Relay).count();
                progress.step("link emulator: pid " + emulator.process().pid() + ", " + (emulatedCount - relays)
                        + " TAP wires and " + relays + " UDP relays ready");
            }

            Map<String, List<String>> batches = new LinkedHashMap<>();
            plan.namespaces().forEach(ns -> batches.put(ns, new ArrayList<>()));
            for (NodePlan n : plan.nodes()) {
                List<String> c = batches.get(n.netns());
                c.add("addr add " + n.loopback() + "/128 dev lo");
                // anchor device for seg6local SIDs (routes via lo turn into reject routes)
                c.add("link add " + LabPlan.SID_ANCHOR + " type bridge");
                c.add("link set " + LabPlan.SID_ANCHOR + " up");
                c.add("addr add " + n.mgmtAddress() + "/" + plan.mgmt().prefixLength() + " dev " + LabPlan.MGMT_IF + " nodad");
                c.add("link set " + LabPlan.MGMT_IF + " up");
            }
            List<String> mgmt = batches.get(plan.mgmt().netns());
            mgmt.add("link add " + plan.mgmt().bridge() + " type bridge");
            mgmt.add("link set " + plan.mgmt().bridge() + " up");
            mgmt.add("addr add " + plan.mgmt().controllerAddress() + "/" + plan.mgmt().prefixLength() + " dev " + plan.mgmt().bridge() + " nodad");
            for (NodePlan n : plan.nodes()) {
                mgmt.add("link set " + n.mgmtBridgePort() + " master " + plan.mgmt().bridge());
                mgmt.add("link set " + n.mgmtBridgePort() + " up");
            }
            for (LinkPlan l : plan.links()) {
                for (LabPlan.End e : List.of(l.a(), l.b())) {
                    List<String> c = batches.get(e.netns());
                    c.add("link set " + e.ifname() + " mtu " + l.mtu() + " up");
                    c.add("addr add " + e.address() + "/64 dev " + e.ifname() + " nodad");
                }
            }
            for (SitePlan s : plan.sites()) {
                List<String> edge = batches.get(s.edgeSide().netns());
                edge.add("link set " + s.edgeSide().ifname() + " up");
                edge.add("addr add " + s.edgeV4() + "/30 dev " + s.edgeSide().ifname());
                edge.add("addr add " + s.edgeSide().address() + "/64 dev " + s.edgeSide().ifname() + " nodad");
                List<String> h = batches.get(s.hostNetns());
                h.add("link set " + LabPlan.HOST_UPLINK_IF + " up");
                h.add("addr add " + s.hostV4() + "/30 dev " + LabPlan.HOST_UPLINK_IF);
                h.add("addr add " + s.hostSide().address() + "/64 dev " + LabPlan.HOST_UPLINK_IF + " nodad");
                h.add("link add " + LabPlan.HOST_LAN_IF + " type bridge");
                h.add("link set " + LabPlan.HOST_LAN_IF + " up");
                for (String a : s.lanAddresses()) h.add("addr add " + a + " dev " + LabPlan.HOST_LAN_IF + (a.contains(":") ? " nodad" : ""));
                // a BGP site's host reaches other sites' IPv4 prefixes only through what its router learns
                if (s.site().bgp() == null) h.add("route add default via " + s.edgeV4());
                h.add("route add ::/0 via " + s.edgeSide().address());
            }
            int commands = 0;
            for (var e : batches.entrySet()) {
                Netns.batch(e.getKey(), e.getValue());
                commands += e.getValue().size();
            }
            progress.step("addresses and devices: " + commands + " ip commands in " + batches.size() + " namespaces");
            startCustomerRouters();

            // the controller JVM starts while WireGuard and routes are set up: its address exists now
            Process controller = controlPlane == null ? null : startDaemon(new Daemon("controller", plan.mgmt().netns(), "controller", null,
                    controlPlane.controller(plan, controllerDir(workDir)), workDir.resolve("controller.log").toString()));

            configureWireGuard(controlPlane == null ? publicKeys : null);

            int routes = 0;
            for (NodePlan n : plan.nodes()) {
                Netns.batch(n.netns(), n.routes().stream().map(LabPlan.Route::ipCommand).toList());
                routes += n.routes().size();
            }
            progress.step("static underlay routes: " + routes + " (every locator from every node)");

            if (controlPlane != null) {
                dev.galactic.lab.sys.BpfPins.mount();
                startControlPlane(controlPlane, controller);
            }

            state = state.withPhase(Phase.UP);
            state.save(workDir);
        }

        /** BIRD in every BGP site's namespace, recorded like every daemon (down stops it by PID). */
        private void startCustomerRouters() throws IOException {
            int n = 0;
            for (SitePlan s : plan.sites()) {
                if (s.site().bgp() == null) continue;
                Path d = CustomerRouter.dir(workDir, s.name());
                Files.createDirectories(d);
                Files.writeString(d.resolve("bird.conf"), CustomerRouter.config(s));
                startDaemon(new Daemon("bird", s.hostNetns(), s.name(), null, CustomerRouter.command(s, workDir), d.resolve("bird.log").toString()));
                n++;
            }
            if (n > 0) progress.step("customer routers: " + n + " BIRD daemons started in their sites");
        }

        /** Starts a recorded daemon from its command, saving state first so down can always stop it. */
        private Process startDaemon(Daemon d) throws IOException {
            Process p = ControlPlane.start(d.command(), Path.of(d.log()));
            Daemon started = d.withProcess(Procs.Recorded.of(p.toHandle()));
            state = state.daemon(d.kind(), d.detail()).isPresent() ? state.withDaemonReplaced(started) : state.withDaemon(started);
            state.save(workDir);
            return p;
        }

        /**
         * Loads the lab into the controller (nodes, links, tenants with one VPC each), gives every
         * node a token, starts one agent per core and edge, and waits until each runs its config.
         */
        private void startControlPlane(ControlPlane.Launcher control, Process controller) throws IOException {
            ControlPlane.Api anonymous = new ControlPlane.Api(apiUrl(workDir), null);
            anonymous.awaitReady(controller, workDir.resolve("controller.log"), Duration.ofSeconds(90));
            ControlPlane.Api api = api(workDir);
            var resources = dev.galactic.lab.topology.LabResources.of(plan);
            api.apply(resources);
            progress.step("controller: pid " + controller.pid() + " on " + ControlPlane.controllerUrl(plan) + " in " + plan.mgmt().netns()
                    + ", " + resources.size() + " resources applied; from the host: " + api.base());
            List<String> agentNodes = new ArrayList<>();
            for (NodePlan n : plan.nodes()) {
                Path dir = nodeDir(workDir, n.name());
                Path token = dir.resolve("agent.token");
                ControlPlane.writeSecret(token, api.post("/api/v1/tokens", "application/json",
                        "{\"node\": \"" + n.name() + "\"}").path("token").asText());
                Path tunnels = dir.resolve("tunnels.yaml");
                Files.writeString(tunnels, ControlPlane.tunnelsYaml(plan, n.name()));
                Path sites = null;
                if (n.node().isEdge()) {
                    sites = dir.resolve("sites.yaml");
                    Files.writeString(sites, ControlPlane.sitesYaml(plan, n.name()));
                }
                startDaemon(new Daemon("agent", n.netns(), n.name(), null, control.agent(plan, n, token, sites, tunnels, dir),
                        dir.resolve("agent.log").toString()));
                agentNodes.add(n.name());
            }
            progress.step("agents: " + agentNodes.size() + " started (linux driver), one per node");
            List<String> keyless = api.awaitTunnelKeys(agentNodes, Duration.ofSeconds(120));
            if (!keyless.isEmpty()) throw new IOException("agents did not report WireGuard keys in 120 s; tunnels without a peer key: " + keyless);
            progress.step("WireGuard: every agent reported its public key; peers configured from the controller");
            List<String> pathless = api.awaitPaths(plan.topology().tenants().stream().map(Topology.Tenant::name).toList(),
                    dev.galactic.lab.topology.LabResources.VPC, Duration.ofSeconds(120), progress);
            if (!pathless.isEmpty()) throw new IOException("no path after 120 s for: " + pathless + "; see lab status and the controller's events");
            Map<String, String> behind = api.awaitInSync(agentNodes, Duration.ofSeconds(120), progress);
            if (!behind.isEmpty()) {
                StringBuilder m = new StringBuilder("agents not in sync after 120 s:");
                behind.forEach((node, why) -> m.append("\n  ").append(node).append(": ").append(why)
                        .append("\n    ").append(ControlPlane.tail(nodeDir(workDir, node).resolve("agent.log")).replace("\n", "\n    ")));
                throw new IOException(m.toString());
            }
            awaitHandshakes(Duration.ofSeconds(30));
        }

        /**
         * Waits until every tunnel has a WireGuard session: a handshake that met a peer not yet
         * holding the other's key is only retried after 5 s, and traffic waits for it.
         */
        private void awaitHandshakes(Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<String> waiting;
            do {
                waiting = new ArrayList<>();
                for (TunnelPlan t : plan.tunnels()) {
                    List<String> d = WireGuard.dump(t.edge().netns(), t.edge().ifname());
                    boolean session = d.size() > 1 && !d.get(1).split("\t")[4].equals("0");
                    if (!session) waiting.add(t.link());
                }
                if (waiting.isEmpty()) break;
                ControlPlane.pause(200);
            } while (System.nanoTime() < deadline);
            if (!waiting.isEmpty()) throw new IOException("WireGuard tunnels without a session after " + timeout + ": " + waiting);
            progress.step("WireGuard: all " + plan.tunnels().size() + " tunnels have a session");
        }

        /** Keys generated inside the nodes, and every wireguard-go daemon up; returns the public keys by node. */
        private Map<String, String> startWireGuard(boolean makeKeys) throws IOException {
            if (plan.tunnels().isEmpty()) return Map.of();
            Map<String, String> publicKeys = new LinkedHashMap<>();
            Set<String> withTunnels = new LinkedHashSet<>();
            plan.tunnels().forEach(t -> {
                withTunnels.add(t.edge().node());
                withTunnels.add(t.core().node());
            });
            for (String node : makeKeys ? withTunnels : Set.<String>of()) {
                String pub = WireGuard.generateKey(plan.node(node).netns(), privateKey(workDir, node));
                Files.writeString(nodeDir(workDir, node).resolve("wg.pub"), pub + "\n");
                publicKeys.put(node, pub);
            }
            if (makeKeys) progress.step("WireGuard keys: " + publicKeys.size() + " generated inside their nodes");

            // start every daemon first, then wait for all: they come up in parallel
            List<WireGuard.Launched> launched = new ArrayList<>();
            for (TunnelPlan t : plan.tunnels()) {
                for (LabPlan.End e : List.of(t.edge(), t.core())) {
                    WireGuard.Launched l = WireGuard.launch(e.netns(), e.ifname(), nodeDir(workDir, e.node()).resolve(e.ifname() + ".log"));
                    launched.add(l);
                    state = state.withDaemon(new Daemon("wireguard-go", e.netns(), e.ifname(), l.recorded()));
                }
            }
            state.save(workDir);
            for (WireGuard.Launched l : launched) l.awaitReady();
            progress.step("wireguard-go: " + launched.size() + " daemons up");
            return publicKeys;
        }

        /** Addresses and MTU on every tunnel interface; keys, ports and peers too when {@code publicKeys} is given. */
        private void configureWireGuard(Map<String, String> publicKeys) {
            for (TunnelPlan t : plan.tunnels()) {
                if (publicKeys == null) {
                    // the MTU too is the agent's: the controller renders it from the Link's mtu
                    for (LabPlan.End e : List.of(t.edge(), t.core())) {
                        Netns.batch(e.netns(), List.of("addr add " + e.address() + "/64 dev " + e.ifname() + " nodad", "link set " + e.ifname() + " up"));
                    }
                    continue;
                }
                String edgeLocator = plan.node(t.edge().node()).node().locator().toString();
                WireGuard.configure(t.edge().netns(), t.edge().ifname(), privateKey(workDir, t.edge().node()), t.port(),
                        new WireGuard.Peer(publicKeys.get(t.core().node()), t.endpoint(), List.of("::/0")));
                // the core accepts the edge's tunnel address and its locator: SRv6 packets from
                // the edge carry the locator as their outer source
                WireGuard.configure(t.core().netns(), t.core().ifname(), privateKey(workDir, t.core().node()), t.port(),
                        new WireGuard.Peer(publicKeys.get(t.edge().node()), null, List.of(t.edge().address() + "/128", edgeLocator)));
                for (LabPlan.End e : List.of(t.edge(), t.core())) {
                    Netns.batch(e.netns(), List.of(
                            "addr add " + e.address() + "/64 dev " + e.ifname() + " nodad",
                            "link set " + e.ifname() + " mtu " + LabPlan.WG_MTU + " up"));
                }
            }
            progress.step("WireGuard: " + plan.tunnels().size() + " tunnels configured (" + (publicKeys == null
                    ? "addresses; the agents set keys, peers and MTU)" : "keys, peers, addresses, MTU " + LabPlan.WG_MTU + ")"));
        }

        private static String veth(LabPlan.End a, LabPlan.End b, int mtu) {
            return "link add " + a.ifname() + " netns " + a.netns() + " mtu " + mtu + " type veth peer name "
                    + b.ifname() + " netns " + b.netns() + " mtu " + mtu;
        }
    }

    /** The lab recorded in {@code workDir}, with liveness of its namespaces and daemons. */
    public static LabStatus status(Path workDir) throws IOException {
        LabState state = LabState.load(workDir).orElseThrow(() -> new IllegalStateException("no lab in " + workDir));
        LabPlan plan = plan(state);
        List<LabStatus.NodeStatus> nodes = new ArrayList<>();
        for (NodePlan n : plan.nodes()) {
            Path pub = nodeDir(workDir, n.name()).resolve("wg.pub");
            nodes.add(new LabStatus.NodeStatus(n.name(), n.node().role().name().toLowerCase(java.util.Locale.ROOT), n.netns(),
                    n.node().locator().toString(), n.loopback(), n.mgmtAddress(),
                    Files.exists(pub) ? Files.readString(pub).strip() : null, Netns.exists(n.netns())));
        }
        List<LabStatus.LinkStatus> links = new ArrayList<>();
        for (LinkPlan l : plan.links()) {
            Impairment imp = l.link().impairment();
            LinkStats stats = null;
            if (l.link().emulation().impairable()) {
                Path control = controlFile(workDir, l.name());
                if (Files.exists(control)) imp = ControlFile.read(control);
                Path sf = LinkEmulatorMain.statsFile(control);
                if (Files.exists(sf)) {
                    try {
                        stats = JSON.readValue(sf.toFile(), LinkStats.class);
                    } catch (IOException e) {
                        // being replaced right now; the next status call reads it
                    }
                }
            }
            links.add(new LabStatus.LinkStatus(l.name(), l.link().role().name().toLowerCase(java.util.Locale.ROOT),
                    l.link().emulation().wireName(), l.a().netns() + ":" + l.a().ifname(), l.b().netns() + ":" + l.b().ifname(), imp, stats));
        }
        List<LabStatus.TunnelStatus> tunnels = plan.tunnels().stream().map(t -> new LabStatus.TunnelStatus(t.link(),
                t.edge().node(), t.edge().ifname(), t.edge().address(), t.core().node(), t.core().ifname(), t.core().address(), t.port())).toList();
        List<LabStatus.SiteStatus> sites = plan.sites().stream().map(s -> new LabStatus.SiteStatus(s.name(), s.site().tenant(),
                s.site().edge(), s.hostNetns(), s.edgeSide().ifname(), s.edgeV4(), s.hostV4(), s.edgeSide().address(),
                s.hostSide().address(), s.site().prefixes().stream().map(Object::toString).toList(), s.lanAddresses())).toList();
        List<LabStatus.DaemonStatus> daemons = state.daemons().stream().map(d -> new LabStatus.DaemonStatus(d.kind(), d.netns(),
                d.detail(), d.process().pid(), d.process().aliveAsRecorded())).toList();
        List<String> missing = plan.namespaces().stream().filter(ns -> !Netns.exists(ns)).toList();
        var m = plan.mgmt();
        return new LabStatus(state.name(), state.prefix(), state.phase(), workDir,
                new LabStatus.Mgmt(m.netns(), m.bridge(), m.controllerAddress(), m.prefixLength()),
                Files.exists(apiPortFile(workDir)) ? apiUrl(workDir).toString() : null,
                nodes, links, tunnels, sites, daemons, missing, plan.topology().warnings());
    }

    /**
     * Changes an emulated link's delay, jitter and loss; the emulator applies it within about
     * 100 ms. {@code link} is "a-b" in either order.
     */
    public static void impair(Path workDir, String link, Impairment impairment) throws IOException {
        LabState state = LabState.load(workDir).orElseThrow(() -> new IllegalStateException("no lab in " + workDir));
        LinkPlan l = plan(state).link(link);
        if (!l.link().emulation().impairable()) {
            throw new IllegalArgumentException("link " + l.name() + " is a plain veth pair (emulation: veth); it cannot be impaired");
        }
        ControlFile.write(controlFile(workDir, l.name()), impairment);
    }

    /** What {@link #down} removed. */
    public record DownReport(int daemonsStopped, int namespacesDeleted, double seconds) {
    }

    /**
     * Removes everything the lab in {@code workDir} created: stops its processes by PID (only if
     * the PID still names the recorded process), deletes its namespaces (only ones with its
     * prefix, including any a crashed {@code up} created but did not record), removes stale
     * WireGuard sockets and the files the lab wrote (private keys included). Safe to run twice; a missing lab is no error.
     */
    public static DownReport down(Path workDir, Progress progress) throws IOException {
        long start = System.nanoTime();
        var loaded = LabState.load(workDir);
        if (loaded.isEmpty()) {
            progress.step("no lab recorded in " + workDir + "; nothing to do");
            return new DownReport(0, 0, 0);
        }
        LabState state = loaded.get();
        LabNames names = state.names();
        int stopped = Procs.terminateAll(state.daemons().stream().map(Daemon::process).toList(), KILL_TIMEOUT);
        Set<String> namespaces = new LinkedHashSet<>(state.namespaces());
        namespaces.addAll(Netns.list().stream().filter(names::owns).toList());
        int deleted = 0;
        for (String ns : namespaces) {
            if (!names.owns(ns)) continue; // never touch what is not ours, whatever the file says
            if (Netns.exists(ns)) {
                Netns.delete(ns, KILL_TIMEOUT);
                deleted++;
            }
        }
        // the agents' eBPF programs and maps stay pinned after they stop: unpinned here, the
        // programs go with the namespaces' devices they were attached to
        dev.galactic.lab.sys.BpfPins.removeAll(names.prefix());
        // wireguard-go removes its socket on SIGTERM; after a SIGKILL the socket stays behind
        Path wgRun = Path.of("/var/run/wireguard");
        if (Files.isDirectory(wgRun)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(wgRun, names.prefix() + "w*.sock")) {
                for (Path p : ds) Files.deleteIfExists(p);
            }
        }
        removeLabFiles(workDir);
        if (Netns.list().stream().noneMatch(names::owns)) names.release();
        double secs = (System.nanoTime() - start) / 1e9;
        progress.step("down: lab " + state.name() + " (" + names.prefix() + "): " + stopped + " processes stopped, "
                + deleted + " namespaces deleted in " + String.format("%.2f", secs) + " s");
        return new DownReport(stopped, deleted, secs);
    }

    /** The plan of a recorded lab: recomputed from its topology text and prefix (deterministic). */
    public static LabPlan plan(LabState state) {
        return LabPlan.of(TopologyParser.parse(state.topologyYaml(), state.topologySource()), state.names());
    }

    /** Where the controller keeps its database and its operator token. */
    public static Path controllerDir(Path workDir) {
        return workDir.resolve("controller");
    }

    /** Written by the emulator: the host port that forwards to the controller. */
    static Path apiPortFile(Path workDir) {
        return workDir.resolve("api.port");
    }

    /** The controller's URL from the host (through the forwarder); fails when the lab has no control plane. */
    public static URI apiUrl(Path workDir) throws IOException {
        Path f = apiPortFile(workDir);
        if (!Files.exists(f)) throw new IllegalStateException("the lab in " + workDir + " runs no controller (built with the network only)");
        return URI.create("http://127.0.0.1:" + Files.readString(f).strip());
    }

    /** The controller's API from the host with the operator token. */
    public static ControlPlane.Api api(Path workDir) throws IOException {
        return new ControlPlane.Api(apiUrl(workDir), Files.readString(controllerDir(workDir).resolve("admin-token")).strip());
    }

    /**
     * Stops one of the lab's restartable daemons ({@code controller}, or {@code agent} with a node
     * name as {@code detail}) the way a crash or an operator would; returns whether it was running.
     */
    public static boolean stop(Path workDir, String kind, String detail) throws IOException {
        LabState state = LabState.load(workDir).orElseThrow(() -> new IllegalStateException("no lab in " + workDir));
        Daemon d = restartable(state, kind, detail);
        return Procs.terminate(d.process(), KILL_TIMEOUT);
    }

    /** Starts a stopped restartable daemon again with its recorded command; returns its PID. */
    public static long start(Path workDir, String kind, String detail) throws IOException {
        LabState state = LabState.load(workDir).orElseThrow(() -> new IllegalStateException("no lab in " + workDir));
        Daemon d = restartable(state, kind, detail);
        if (d.process() != null && d.process().aliveAsRecorded()) throw new IllegalStateException(kind + " " + detail + " is already running (pid " + d.process().pid() + ")");
        Process p = ControlPlane.start(d.command(), Path.of(d.log()));
        state.withDaemonReplaced(d.withProcess(Procs.Recorded.of(p.toHandle()))).save(workDir);
        return p.pid();
    }

    private static Daemon restartable(LabState state, String kind, String detail) {
        return state.daemon(kind, detail).filter(d -> d.command() != null).orElseThrow(() -> new IllegalArgumentException(
                "no " + kind + (kind.equals("controller") ? "" : " of " + detail) + " in this lab; it has: " + String.join(", ",
                        state.daemons().stream().filter(d -> d.command() != null).map(d -> d.kind() + (d.kind().equals("controller") ? "" : " " + d.detail())).toList())));
    }

    public static Path controlFile(Path workDir, String link) {
        return workDir.resolve("links").resolve(link + ".json");
    }

    public static Path nodeDir(Path workDir, String node) {
        return workDir.resolve("nodes").resolve(node);
    }

    /** Where a node's WireGuard private key lives (mode 0600, written by wg genkey inside the node). */
    public static Path privateKey(Path workDir, String node) {
        return nodeDir(workDir, node).resolve("wg.key");
    }

    /** Deletes what the lab wrote into {@code workDir}, and the directory if that leaves it empty; nothing else. */
    private static void removeLabFiles(Path workDir) throws IOException {
        for (String f : List.of("links", "nodes", "controller", "controller.log", "api.port", "linkemu.log", "linkemu.ready", LabState.FILE + ".tmp", LabState.FILE)) {
            deleteTree(workDir.resolve(f));
        }
        try (Stream<Path> rest = Files.list(workDir)) {
            if (rest.findAny().isEmpty()) Files.delete(workDir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

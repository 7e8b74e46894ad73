package dev.galactic.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.lab.topology.LabPlan;
import dev.galactic.lab.topology.LabPlan.NodePlan;
import dev.galactic.lab.topology.LabPlan.SitePlan;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's control plane: a controller in the management namespace and one agent per core and
 * edge in the node's namespace, each its own JVM started with {@code ip netns exec}, so they
 * talk over the lab's management network exactly as they would between machines. The host
 * reaches the controller only through the link emulator's loopback forwarder.
 */
public final class ControlPlane {

    /** The controller's port on the management network. */
    public static final int API_PORT = 8080;
    static final String MAIN_CLASS = "dev.galactic.cli.Main";
    private static final ObjectMapper JSON = ResourceCodec.json();

    private ControlPlane() {
    }

    /**
     * How to start a Galactic JVM: java and a class path that holds the CLI (the shaded jar, or
     * a test class path).
     */
    /** @param controllerArgs more options for {@code galactic controller}, such as {@code --hold-down 10} */
    public record Launcher(String java, String classPath, List<String> controllerArgs) {
        public Launcher {
            controllerArgs = List.copyOf(controllerArgs);
        }

        public static Launcher currentJvm() {
            String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            return new Launcher(java, System.getProperty("java.class.path"), List.of());
        }

        public Launcher withControllerArgs(List<String> args) {
            return new Launcher(java, classPath, args);
        }

        /** The controller: a heap that holds the lab many times over. */
        List<String> controller(LabPlan plan, Path dataDir) {
            List<String> args = new ArrayList<>(List.of("controller",
                    "--host", plan.mgmt().controllerAddress(), "--port", Integer.toString(API_PORT), "--data-dir", dataDir.toString()));
            args.addAll(controllerArgs);
            return command(plan.mgmt().netns(), List.of("-Xmx384m", "-XX:+UseSerialGC"), args);
        }

        /** An agent with the linux driver, probing from the node's locator address. */
        List<String> agent(LabPlan plan, NodePlan n, Path tokenFile, Path sitesFile, Path tunnelsFile, Path stateDir) {
            List<String> args = new ArrayList<>(List.of("agent", "--controller", controllerUrl(plan), "--node", n.name(),
                    "--token-file", tokenFile.toString(), "--driver", "linux", "--bind", n.loopback(),
                    // iperf3 through the Java link emulator would eat this machine's CPU; bandwidth is not what the lab shows
                    "--no-iperf-server"));
            if (sitesFile != null) args.addAll(List.of("--sites", sitesFile.toString()));
            args.addAll(List.of("--tunnels", tunnelsFile.toString(), "--state-dir", stateDir.toString(),
                    "--bpf-pins", dev.galactic.lab.sys.BpfPins.of(n.netns()).toString()));
            // small, quickly started JVMs: an agent probes and applies configs, nothing heavy
            return command(n.netns(), List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"), args);
        }

        private List<String> command(String netns, List<String> jvm, List<String> args) {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns, java));
            cmd.addAll(jvm);
            cmd.addAll(List.of("-cp", classPath, MAIN_CLASS));
            cmd.addAll(args);
            return cmd;
        }
    }

    /** The controller's URL as agents inside the lab use it. */
    public static String controllerUrl(LabPlan plan) {
        return "http://[" + plan.mgmt().controllerAddress() + "]:" + API_PORT;
    }

    /** Starts {@code command} ({@code ip netns exec} execs, so the PID is the JVM's) with its output in {@code log}. */
    static Process start(List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
    }

    /** Where an attachment is wired on its edge, in the agent's site-map format. */
    static String sitesYaml(LabPlan plan, String edge) {
        StringBuilder y = new StringBuilder("# where each attachment is wired on ").append(edge).append(" (written by lab up)\n");
        for (SitePlan s : plan.sites()) {
            if (!s.site().edge().equals(edge)) continue;
            y.append(s.name()).append(": {device: ").append(s.edgeSide().ifname()).append(", gateway4: ").append(s.hostV4())
                    .append(", gateway6: \"").append(s.hostSide().address()).append("\"}\n");
        }
        return y.toString();
    }

    /**
     * The node's WireGuard interfaces, in the agent's tunnel-map format: the lab made the
     * interfaces (wireguard-go) and their addresses; the agent sets key, port and peer.
     */
    static String tunnelsYaml(LabPlan plan, String node) {
        StringBuilder y = new StringBuilder("# the WireGuard interface of each tunnel of ").append(node).append(" (written by lab up)\n");
        for (LabPlan.TunnelPlan t : plan.tunnels()) {
            if (t.edge().node().equals(node)) {
                y.append(t.core().node()).append(": {device: ").append(t.edge().ifname()).append(", listenPort: ").append(t.port())
                        .append(", endpoint: \"").append(t.endpoint()).append("\"}\n");
            } else if (t.core().node().equals(node)) {
                y.append(t.edge().node()).append(": {device: ").append(t.core().ifname()).append(", listenPort: ").append(t.port()).append("}\n");
            }
        }
        return y.toString();
    }

    /** The controller's API as seen from the host, through the forwarder. */
    public static final class Api {
        private final URI base;
        private final String token;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        public Api(URI base, String token) {
            this.base = base;
            this.token = token;
        }

        public URI base() { return base; }

        public JsonNode get(String path) throws IOException {
            return send(HttpRequest.newBuilder(base.resolve(path)).GET());
        }

        public JsonNode post(String path, String contentType, String body) throws IOException {
            return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        /** Applies resources as one atomic batch. */
        public JsonNode apply(List<Resource> resources) throws IOException {
            return post("/api/v1/apply", "application/yaml", ResourceCodec.write(resources, ResourceCodec.Format.YAML));
        }

        private JsonNode send(HttpRequest.Builder b) throws IOException {
            if (token != null) b.header("Authorization", "Bearer " + token);
            try {
                HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 != 2) throw new IOException(r.request().method() + " " + r.uri().getPath() + ": HTTP " + r.statusCode() + " " + r.body());
                return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        /** Waits until {@code /readyz} answers, or the controller process dies, or the time is up. */
        void awaitReady(Process controller, Path log, Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try {
                    get("/readyz");
                    return;
                } catch (IOException e) {
                    if (controller != null && !controller.isAlive()) {
                        throw new IOException("the controller exited with " + controller.exitValue() + "; its log " + log + " ends: " + tail(log));
                    }
                    if (System.nanoTime() > deadline) throw new IOException("the controller did not get ready in " + timeout + " (" + e.getMessage() + "); log " + log);
                }
                pause(200);
            }
        }

        /**
         * Waits until every site of each tenant's VPC has a path to every other: links count only
         * once probes have measured them, so right after start there are none. Returns the
         * site pairs still without a path.
         */
        public List<String> awaitPaths(List<String> tenants, String vpc, Duration timeout, Progress progress) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            int lastReported = -1;
            while (true) {
                List<String> missing = new ArrayList<>();
                int total = 0, done = 0;
                for (String t : tenants) {
                    JsonNode items = get("/api/v1/tenants/" + t + "/vpcs/" + vpc + "/paths").path("items");
                    if (items.isEmpty()) missing.add(t + ": no paths yet");
                    for (JsonNode p : items) {
                        total++;
                        if (p.path("primary").path("nodes").isEmpty()) missing.add(t + " " + p.path("from").asText() + " -> " + p.path("to").asText());
                        else done++;
                    }
                }
                if (done != lastReported && progress != null && total > 0) {
                    progress.step("paths: " + done + "/" + total + " computed over measured links");
                    lastReported = done;
                }
                if (missing.isEmpty() || System.nanoTime() > deadline) return missing;
                pause(250);
            }
        }

        /**
         * Waits until the controller knows the WireGuard key of every tunnel's peer (each agent
         * reports its own when it connects); returns the tunnels still without one.
         */
        public List<String> awaitTunnelKeys(List<String> nodes, Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                List<String> pending = new ArrayList<>();
                for (String n : nodes) {
                    JsonNode c;
                    try {
                        c = get("/api/v1/nodes/" + n + "/config").path("config");
                    } catch (IOException e) {
                        pending.add(n + " (no config yet)");
                        continue;
                    }
                    for (JsonNode t : c.path("tunnels")) {
                        if (t.path("peerPublicKey").isNull() || t.path("peerPublicKey").isMissingNode()) pending.add(n + " -> " + t.path("peer").asText());
                    }
                }
                if (pending.isEmpty() || System.nanoTime() > deadline) return pending;
                pause(250);
            }
        }

        /**
         * Waits until every node in {@code nodes} reports its current config applied; returns the
         * nodes still behind when {@code timeout} runs out (empty: all in sync).
         */
        public Map<String, String> awaitInSync(List<String> nodes, Duration timeout, Progress progress) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            int lastReported = -1;
            while (true) {
                Map<String, String> behind = new LinkedHashMap<>();
                nodes.forEach(n -> behind.put(n, "no report yet"));
                for (JsonNode n : get("/api/v1/nodes").path("items")) {
                    String name = n.path("metadata").path("name").asText();
                    if (!behind.containsKey(name)) continue;
                    JsonNode c = n.path("status").path("config");
                    if (c.path("inSync").asBoolean(false)) behind.remove(name);
                    else if (c.has("error")) behind.put(name, c.get("error").asText());
                    else if (c.has("appliedVersion")) behind.put(name, "applied v" + c.get("appliedVersion").asLong() + " of v" + c.path("desiredVersion").asLong());
                }
                int done = nodes.size() - behind.size();
                if (done != lastReported && progress != null) {
                    progress.step("agents: " + done + "/" + nodes.size() + " nodes run their current config");
                    lastReported = done;
                }
                if (behind.isEmpty() || System.nanoTime() > deadline) return behind;
                pause(250);
            }
        }
    }

    static void writeSecret(Path file, String secret) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n");
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    static void pause(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

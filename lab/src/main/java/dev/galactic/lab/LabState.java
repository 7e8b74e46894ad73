package dev.galactic.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.galactic.lab.sys.Procs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a lab has created on this host, written to {@code WORKDIR/state.json} before each thing
 * is created, so `down` can remove everything even when the process that built the lab died
 * half-way. Only namespaces with the lab's prefix are ever deleted.
 *
 * @param topologyYaml the topology text the lab was built from; the plan is recomputed from it
 */
public record LabState(String name, String prefix, Phase phase, Instant createdAt, String topologyYaml,
                       String topologySource, List<String> namespaces, List<Daemon> daemons) {

    public enum Phase { CREATING, UP, FAILED }

    /**
     * A process the lab started: linkemu (the emulator JVM), wireguard-go for one interface, the
     * controller, or a node's agent.
     *
     * @param command how to start it again (controller and agents, which `lab start` restarts); null otherwise
     * @param log where its output goes, for restarts
     */
    public record Daemon(String kind, String netns, String detail, Procs.Recorded process, List<String> command, String log) {
        public Daemon {
            command = command == null ? null : List.copyOf(command);
        }

        public Daemon(String kind, String netns, String detail, Procs.Recorded process) {
            this(kind, netns, detail, process, null, null);
        }

        public Daemon withProcess(Procs.Recorded p) {
            return new Daemon(kind, netns, detail, p, command, log);
        }
    }

    public static final String FILE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public LabState {
        namespaces = List.copyOf(namespaces);
        daemons = List.copyOf(daemons);
    }

    public LabNames names() { return new LabNames(prefix); }

    public LabState withPhase(Phase p) {
        return new LabState(name, prefix, p, createdAt, topologyYaml, topologySource, namespaces, daemons);
    }

    public LabState withNamespace(String ns) {
        List<String> l = new ArrayList<>(namespaces);
        l.add(ns);
        return new LabState(name, prefix, phase, createdAt, topologyYaml, topologySource, l, daemons);
    }

    public LabState withDaemon(Daemon d) {
        List<Daemon> l = new ArrayList<>(daemons);
        l.add(d);
        return new LabState(name, prefix, phase, createdAt, topologyYaml, topologySource, namespaces, l);
    }

    /** Replaces the daemon of the same kind and detail. */
    public LabState withDaemonReplaced(Daemon d) {
        List<Daemon> l = new ArrayList<>(daemons.stream().map(x -> x.kind().equals(d.kind()) && java.util.Objects.equals(x.detail(), d.detail()) ? d : x).toList());
        return new LabState(name, prefix, phase, createdAt, topologyYaml, topologySource, namespaces, l);
    }

    public Optional<Daemon> daemon(String kind, String detail) {
        return daemons.stream().filter(d -> d.kind().equals(kind) && java.util.Objects.equals(d.detail(), detail)).findFirst();
    }

    public static Optional<LabState> load(Path workDir) throws IOException {
        Path f = workDir.resolve(FILE);
        if (!Files.exists(f)) return Optional.empty();
        return Optional.of(JSON.readValue(f.toFile(), LabState.class));
    }

    /** Written atomically: a crash leaves the old or the new file, never half of one. */
    public void save(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path tmp = workDir.resolve(FILE + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(this));
        Files.move(tmp, workDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

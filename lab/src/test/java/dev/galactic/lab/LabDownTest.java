package dev.galactic.lab;

import dev.galactic.lab.sys.Cmd;
import dev.galactic.lab.sys.Netns;
import dev.galactic.lab.sys.Procs;
import dev.galactic.lab.sys.Prerequisites.Need;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `down` after the process that built a lab died half-way: only the state file is left to go by. */
class LabDownTest {

    @TempDir
    Path work;

    private LabNames names;
    private LabNames foreign;
    private final List<Process> started = new ArrayList<>();
    private Path staleSocket;

    @BeforeEach
    void prerequisites() {
        LabAssumptions.require(Need.ROOT, Need.IPROUTE2);
    }

    @AfterEach
    void cleanUp() throws Exception {
        started.forEach(Process::destroyForcibly);
        for (LabNames n : new LabNames[] {names, foreign}) {
            if (n == null) continue;
            for (String ns : Netns.list()) if (n.owns(ns)) Netns.delete(ns, Duration.ofSeconds(3));
            n.release();
        }
        if (staleSocket != null) Files.deleteIfExists(staleSocket);
    }

    @Test
    void downCleansUpAfterACrashedUpAndNeverTouchesOtherNamespaces() throws Exception {
        names = LabNames.fresh();
        foreign = LabNames.fresh();
        String recorded = names.netns("core1");
        String unrecorded = names.netns("core2"); // created, then the builder died before saving
        String other = foreign.netns("core1");    // somebody else's lab
        Netns.create(recorded);
        Netns.create(unrecorded);
        Netns.create(other);
        Process daemon = start(recorded);
        Process stray = start(unrecorded);
        staleSocket = Path.of("/var/run/wireguard", names.wireguard(1, 'e') + ".sock");
        Files.createDirectories(staleSocket.getParent());
        Files.writeString(staleSocket, "");
        Files.createDirectories(work.resolve("nodes/core1"));
        Files.writeString(work.resolve("nodes/core1/wg.key"), "secret");
        Files.writeString(work.resolve("keep.txt"), "not the lab's");
        // a state file as a crashed `up` leaves it, even listing a namespace that is not the lab's
        new LabState("t", names.prefix(), LabState.Phase.CREATING, Instant.now(), "", "x.yaml",
                List.of(recorded, other), List.of(new LabState.Daemon("test", recorded, "sleep", Procs.Recorded.of(daemon.toHandle()))))
                .save(work);

        Lab.DownReport r = Lab.down(work, new Progress(System.out));

        assertThat(r.daemonsStopped()).isEqualTo(1);
        assertThat(r.namespacesDeleted()).isEqualTo(2);
        assertThat(Netns.list()).noneMatch(names::owns).contains(other);
        assertThat(daemon.isAlive()).isFalse();
        assertThat(stray.isAlive()).isFalse();
        assertThat(staleSocket).doesNotExist();
        assertThat(work.resolve("nodes")).doesNotExist();
        assertThat(work.resolve(LabState.FILE)).doesNotExist();
        assertThat(work.resolve("keep.txt")).exists();
        assertThat(Lab.down(work, Progress.quiet())).isEqualTo(new Lab.DownReport(0, 0, 0));
    }

    private Process start(String ns) throws Exception {
        Process p = new ProcessBuilder(Cmd.inNs(ns, "sleep", "60")).start();
        started.add(p);
        return p;
    }
}

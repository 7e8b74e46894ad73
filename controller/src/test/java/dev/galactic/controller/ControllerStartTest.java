package dev.galactic.controller;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControllerStartTest {

    static final Set<String> SERVICE_THREADS = Set.of("galactic-telemetry", "galactic-simulated-telemetry", "galactic-webhooks", "galactic-loop", "galactic-loop-clock");

    static long serviceThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).filter(t -> SERVICE_THREADS.contains(t.getName())).count();
    }

    @Test
    void aStartThatFailsLeavesNoServiceThreadBehind(@TempDir Path dir) throws Exception {
        long before = serviceThreads();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Controller.start(ControllerConfig.embedded(dir.resolve("data"), taken.getLocalPort())
                    .withSimulatedTelemetry(true), List.of())).isInstanceOf(RuntimeException.class);
        }
        // a thread left running would write its rollups to the closed database every minute
        assertThat(serviceThreads()).isEqualTo(before);
    }

    @Test
    void theLoopRunsItsPublishersInTheDocumentedOrder(@TempDir Path dir) {
        try (Controller c = Controller.start(ControllerConfig.embedded(dir.resolve("data"), 0), List.of())) {
            // docs/architecture.md lists them in this order, with what each does
            assertThat(c.loop().order()).containsExactly("sids", "resource-events", "bgp", "paths", "render", "sla", "probe-plan", "push-configs", "status", "events");
        }
    }
}

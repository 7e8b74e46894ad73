package dev.galactic.lab.emu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The emulator's knobs without any packets: impairment limits, the control file, the command line. */
class EmulatorControlTest {

    @TempDir
    Path dir;

    @Test
    void impairmentRejectsNonsense() {
        assertThatThrownBy(() -> new Impairment(-1, 0, 0)).hasMessageContaining("delayMs");
        assertThatThrownBy(() -> new Impairment(0, Double.NaN, 0)).hasMessageContaining("jitterMs");
        assertThatThrownBy(() -> new Impairment(0, 0, 101)).hasMessageContaining("lossPercent");
        assertThat(new Impairment(10, 2, 5).lossFraction()).isEqualTo(0.05);
    }

    @Test
    void controlFileReportsEachChangeOnce() throws Exception {
        Path f = dir.resolve("link.json");
        ControlFile cf = new ControlFile(f);
        assertThat(cf.poll()).isEmpty(); // missing is not an error
        ControlFile.write(f, new Impairment(25, 0, 5));
        assertThat(cf.poll()).contains(new Impairment(25, 0, 5));
        assertThat(cf.poll()).isEmpty();
        ControlFile.write(f, new Impairment(10, 1, 0));
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5))); // coarse mtime clocks
        assertThat(cf.poll()).contains(new Impairment(10, 1, 0));
        assertThat(Files.readString(f)).contains("\"delayMs\":10.0");
    }

    @Test
    void commandLineTakesSeveralLinks() {
        var parsed = LinkEmulatorMain.parse(new String[] {
                "--ready", "/tmp/r", "--name", "l1", "--a", "ns1:e-c2", "--b", "ns2:e-c1", "--control", "/tmp/l1.json",
                "--name", "l2", "--a", "ns2:x", "--b", "ns3:y", "--control", "/tmp/l2.json"});
        assertThat(parsed.ready()).isEqualTo(Path.of("/tmp/r"));
        assertThat(parsed.specs()).extracting(LinkEmulatorMain.Spec::name).containsExactly("l1", "l2");
        assertThat(parsed.specs().get(1)).isInstanceOfSatisfying(LinkEmulatorMain.Wire.class,
                w -> assertThat(w.a()).isEqualTo(new Endpoint("ns2", "x")));
        assertThat(LinkEmulatorMain.parse(parsed.specs().getFirst().args().toArray(String[]::new)).specs())
                .containsExactly(parsed.specs().getFirst());
        var relay = LinkEmulatorMain.parse(new String[] {
                "--name", "r", "--relay", "ns1", "--listen", "[::]:52821", "--target", "[::1]:51821", "--control", "/tmp/r.json"}).specs();
        assertThat(relay).containsExactly(new LinkEmulatorMain.Relay("r", "ns1", "[::]:52821", "[::1]:51821", Path.of("/tmp/r.json")));
        assertThat(LinkEmulatorMain.parse(relay.getFirst().args().toArray(String[]::new)).specs()).isEqualTo(relay);
        assertThatThrownBy(() -> LinkEmulatorMain.socketAddress("fd00::1:80")).hasMessageContaining("[IPV6]:PORT");
        assertThatThrownBy(() -> LinkEmulatorMain.socketAddress("[example.com]:80")).hasMessageContaining("IPv6 literal");
        assertThatThrownBy(() -> LinkEmulatorMain.parse(new String[] {"--a", "ns1:x", "--control", "c"}))
                .hasMessageContaining("--b");
        assertThatThrownBy(() -> Endpoint.parse("noifname")).hasMessageContaining("NS:IFNAME");
        assertThatThrownBy(() -> new Endpoint("ns", "a-very-long-interface")).hasMessageContaining("15");
    }
}

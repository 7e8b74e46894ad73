package dev.galactic.agent.driver;

import dev.galactic.core.model.ClassifierSpec;
import dev.galactic.core.model.NodeSpec.NodeRole;
import dev.galactic.core.render.NodeConfig;
import dev.galactic.core.sid.SidFunction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The VPP rendering against golden files. After an intended change of the output, run with
 * -Dgalactic.updateGolden=true, read the diff of the golden files, and commit them.
 */
class VppConfigTest {

    static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    static NodeConfig edge() {
        var sites = List.of(new NodeConfig.Site("berlin-office", "prod", List.of("10.10.0.0/16", "fd10:10::/48")));
        var toDublin = new NodeConfig.Route("10.20.0.0/16", List.of("fc00:0:1:1000::", "fc00:0:3:1000::", "fc00:0:9:4001::"),
                List.of("fc00:0:2:1000::", "fc00:0:9:4001::"), "dublin-dc", List.of("edge-ber", "fra", "ams", "edge-dub"));
        var toDublin2 = new NodeConfig.Route("10.21.0.0/16", toDublin.segments(), toDublin.backupSegments(), "dublin-dc", toDublin.via());
        var local = new NodeConfig.Route("10.10.0.0/16", List.of(), List.of(), "berlin-office", List.of("edge-ber"));
        var voice = new NodeConfig.Route("10.20.0.0/16", List.of("fc00:0:2:1000::", "fc00:0:9:4001::"), List.of(), "dublin-dc",
                List.of("edge-ber", "waw", "edge-dub"));
        var acme = new NodeConfig.TenantConfig("acme", 1, sites,
                List.of(new NodeConfig.ClassRoutes("prod", "interactive", 0, true, List.of(local, toDublin, toDublin2)),
                        new NodeConfig.ClassRoutes("prod", "voice", 1, false, List.of(local, voice))),
                List.of(new NodeConfig.Steering("sip-rtp", "prod", 20, "voice", 1,
                        new ClassifierSpec.Match(ClassifierSpec.Protocol.UDP, List.of(), List.of(), List.of("5060"), null))));
        return new NodeConfig("edge-ber", NodeRole.EDGE, "fc00:0:8::/48", "fc00:0:8::1", "fc00::/32",
                List.of(new NodeConfig.LocalSid("fc00:0:8:4001::", SidFunction.END_DT4, "acme", "prod"),
                        new NodeConfig.LocalSid("fc00:0:8:6001::", SidFunction.END_DT6, "acme", "prod")),
                List.of(new NodeConfig.Tunnel("fra", "2001:db8::1", "FRApublicKEY=", List.of("::/0"), 1420, null),
                        new NodeConfig.Tunnel("waw", "2001:db8::2", null, List.of("::/0"), null, null)),
                List.of(acme));
    }

    static NodeConfig core() {
        return new NodeConfig("fra", NodeRole.CORE, "fc00:0:1::/48", "fc00:0:1::1", "fc00::/32",
                List.of(new NodeConfig.LocalSid("fc00:0:1:1000::", SidFunction.END, null, null)),
                List.of(new NodeConfig.Tunnel("edge-ber", null, "BERpublicKEY=", List.of("fc00:0:8::/48"), null, null)), List.of());
    }

    static void golden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("galactic.updateGolden")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual);
        }
        assertThat(file).as("golden file " + file + " (create it with -Dgalactic.updateGolden=true)").exists();
        assertThat(actual).isEqualTo(Files.readString(file));
    }

    @Test
    void anEdgeRendersAsVppCli() throws IOException {
        String text = VppConfig.render(edge());
        golden("edge-ber.vpp", text);
        // both prefixes of dublin share one policy; the voice class has its own
        assertThat(text.lines().filter(l -> l.startsWith("sr policy add")).count()).isEqualTo(2);
        assertThat(text).contains("sr steer l3 10.21.0.0/16 via bsid fc00:0:8:b001:: fib-table 64");
        assertThat(text).contains("sr localsid address fc00:0:8:4001:: behavior end.dt4 64");
        assertThat(text).doesNotContain("PRIVATE").contains("${WG_KEY:fra}");
    }

    @Test
    void aCoreRendersAsVppCli() throws IOException {
        golden("fra.vpp", VppConfig.render(core()));
    }

    @Test
    void theDriverSaysWhenVppIsMissing(@org.junit.jupiter.api.io.TempDir Path dir) {
        VppDriver d = new VppDriver(dir.resolve("no-vppctl"), dir, dir);
        assertThatThrownBy(() -> d.apply(core())).isInstanceOf(DataPlaneDriver.DriverException.class).hasMessageContaining("VPP is not installed");
    }
}

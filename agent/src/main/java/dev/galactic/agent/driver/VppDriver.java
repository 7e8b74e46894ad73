package dev.galactic.agent.driver;

import dev.galactic.core.render.NodeConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies configs to a local VPP through {@code vppctl exec}: renders the CLI (see
 * {@link VppConfig}), fills in the WireGuard private keys this node holds, and runs it.
 * VPP's CLI adds; this driver does not yet compute the removals a changed config needs, so it
 * is for fresh VPP instances, and classifier steering (ABF policies) is not rendered yet. The
 * renderer and its golden files are the tested part; no VPP runs on the test machines.
 */
public final class VppDriver implements DataPlaneDriver {

    private static final Pattern KEY = Pattern.compile("\\$\\{WG_KEY:([a-z0-9-]+)}");
    private final Path vppctl;
    private final Path keyDir;
    private final Path workDir;

    /**
     * @param keyDir where the node's WireGuard private keys are, one file per peer ({@code <peer>.key})
     */
    public VppDriver(Path vppctl, Path keyDir, Path workDir) {
        this.vppctl = vppctl;
        this.keyDir = keyDir;
        this.workDir = workDir;
    }

    @Override
    public String name() { return "vpp"; }

    @Override
    public void apply(NodeConfig config) throws DriverException {
        if (!Files.isExecutable(vppctl)) throw new DriverException(vppctl + " not found: VPP is not installed on this node");
        String text = VppConfig.render(config);
        int pending = text.indexOf("${PEER_KEY_PENDING:");
        if (pending >= 0) {
            throw new DriverException("the peer " + text.substring(pending + 19, text.indexOf('}', pending))
                    + " has not reported its WireGuard public key yet; its tunnel cannot be configured");
        }
        Matcher m = KEY.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            Path key = keyDir.resolve(m.group(1) + ".key");
            try {
                m.appendReplacement(filled, Matcher.quoteReplacement(Files.readString(key).trim()));
            } catch (IOException e) {
                throw new DriverException("no WireGuard key for the tunnel to " + m.group(1) + " in " + key, e);
            }
        }
        m.appendTail(filled);
        try {
            Files.createDirectories(workDir);
            Path file = workDir.resolve("galactic.vpp");
            Files.writeString(file, filled);
            Process p = new ProcessBuilder(vppctl.toString(), "exec", file.toString()).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new DriverException("vppctl exec did not finish within 60 s");
            }
            String out = new String(p.getInputStream().readAllBytes());
            if (p.exitValue() != 0 || out.contains("unknown input")) throw new DriverException("vppctl exec failed: " + out.strip());
        } catch (IOException e) {
            throw new DriverException("cannot run vppctl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted");
        }
    }
}

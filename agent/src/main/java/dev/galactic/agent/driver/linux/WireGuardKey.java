package dev.galactic.agent.driver.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The node's WireGuard key pair: the private key is made by {@code wg genkey} straight into a
 * 0600 file on the node, kept across restarts (peers know the public key), and never sent
 * anywhere; only the public key is reported to the controller.
 */
public record WireGuardKey(Path privateKeyFile, String publicKey) {

    public static WireGuardKey loadOrCreate(Path privateKeyFile) throws IOException {
        try {
            if (!Files.exists(privateKeyFile)) {
                Files.createDirectories(privateKeyFile.toAbsolutePath().getParent());
                Path tmp = privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, Shell.run(List.of("wg", "genkey"), null).strip() + "\n");
                Files.move(tmp, privateKeyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            String pub = Shell.run(List.of("wg", "pubkey"), Files.readString(privateKeyFile)).strip();
            return new WireGuardKey(privateKeyFile, pub);
        } catch (Shell.Failed e) {
            throw new IOException("cannot make the node's WireGuard key in " + privateKeyFile + ": " + e.getMessage()
                    + " (install wireguard-tools)", e);
        }
    }

    /** The private key as {@code wg show dump} prints it, to see whether an interface already uses it. */
    String privateKey() throws IOException {
        return Files.readString(privateKeyFile).strip();
    }
}

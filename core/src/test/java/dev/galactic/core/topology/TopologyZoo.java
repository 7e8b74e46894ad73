package dev.galactic.core.topology;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * The Topology Zoo GraphML files, read from {@code shared/data/topology-zoo/graphml.tar.gz}.
 * The shared directory is found through the system property {@code galactic.shared}, else by
 * walking up from the working directory. The archive is unpacked in memory with a minimal
 * ustar reader (regular files only), so tests need no external tar.
 */
public final class TopologyZoo {

    private static Map<String, String> files;

    private TopologyZoo() {}

    /** File name without extension (e.g. "Abilene") to GraphML text, sorted by name. */
    public static synchronized Map<String, String> all() {
        if (files == null) files = Collections.unmodifiableMap(read(archive()));
        return files;
    }

    static Path archive() {
        String prop = System.getProperty("galactic.shared");
        if (prop != null) return Path.of(prop, "data", "topology-zoo", "graphml.tar.gz");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/topology-zoo/graphml.tar.gz");
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new IllegalStateException("shared/data/topology-zoo not found above " + Path.of("").toAbsolutePath()
                + "; set -Dgalactic.shared=/path/to/shared");
    }

    private static Map<String, String> read(Path archive) {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = field(header, 0, 100);
                if (name.isEmpty()) break;
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) name = prefix + "/" + name;
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                byte[] body = in.readNBytes((int) size);
                long pad = (512 - size % 512) % 512;
                in.readNBytes((int) pad);
                if ((type == '0' || type == 0) && name.endsWith(".graphml")) {
                    String base = name.substring(name.lastIndexOf('/') + 1, name.length() - ".graphml".length());
                    out.put(base, new String(body, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + archive, e);
        }
        return out;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.US_ASCII).trim();
    }

}

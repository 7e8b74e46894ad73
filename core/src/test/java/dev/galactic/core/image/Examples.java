package dev.galactic.core.image;

import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceImage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The repository's example intent, as images for tests. */
final class Examples {

    private Examples() {
    }

    static ResourceImage intent(String... files) {
        List<Resource> all = new ArrayList<>();
        for (String f : files) {
            try {
                var parsed = ResourceCodec.parse(Files.readString(Path.of("..", "examples", f)), ResourceCodec.Format.YAML);
                if (!parsed.ok()) throw new IllegalStateException(f + " does not parse");
                all.addAll(parsed.resources());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ResourceImage.of(all);
    }
}

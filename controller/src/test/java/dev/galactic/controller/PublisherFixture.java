package dev.galactic.controller;

import dev.galactic.controller.events.EventHub;
import dev.galactic.controller.store.Database;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What a publisher's unit test starts from: a fresh embedded database, an event hub on a fixed
 * clock, and the repository's example intent. The test hands its publisher deltas and images
 * itself: no loop thread, no HTTP, no agents.
 */
public abstract class PublisherFixture {

    public static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");

    @TempDir
    protected Path dir;
    protected Database db;
    protected final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    protected EventHub events;

    @BeforeEach
    void openFixture() {
        db = Database.sqlite(dir.resolve("store.db"));
        events = new EventHub(clock, 1000);
    }

    @AfterEach
    void closeFixture() {
        db.close();
    }

    /** The examples' resources as one image, refusing any that does not parse. */
    public static ResourceImage examples(String... files) {
        List<Resource> all = new ArrayList<>();
        for (String f : files) {
            try {
                var parsed = ResourceCodec.parse(Files.readString(TestController.EXAMPLES.resolve(f)), ResourceCodec.Format.YAML);
                if (!parsed.ok()) throw new IllegalStateException(f + " does not parse: " + parsed);
                all.addAll(parsed.resources());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ResourceImage.of(all);
    }
}

package dev.galactic.core.telemetry;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Telemetry math and SLA evaluation stay pure: no I/O, threads or clocks; time is a parameter. */
class TelemetryPurityTest {

    static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.galactic.core.telemetry", "dev.galactic.core.sla");

    @Test
    void noIoThreadsOrClocks() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..",
                        "java.util.concurrent..")
                .orShould().dependOnClassesThat().belongToAnyOf(Thread.class, java.time.Clock.class, java.util.Random.class)
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Instant.class, "now")
                .check(CLASSES);
    }
}

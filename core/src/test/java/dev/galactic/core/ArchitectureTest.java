package dev.galactic.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the core pure: no I/O, no threads, no clocks, and nothing of the server. */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.galactic.core");

    @Test
    void coreDoesNoIo() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "java.nio.file..", "java.nio.channels..", "java.net.http..", "java.sql..", "javax.sql..",
                        "java.util.concurrent..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URL")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .because("core is pure: the controller and agent do the I/O")
                .check(CORE);
    }

    @Test
    void coreReadsNoClock() {
        noClasses().should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Instant.class, "now")
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .because("time is a parameter in core, so results are reproducible")
                .check(CORE);
    }

    @Test
    void coreKnowsNothingOfTheShell() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.galactic.controller..", "dev.galactic.agent..", "dev.galactic.cli..", "dev.galactic.lab..",
                        "io.javalin..", "org.eclipse.jetty..", "org.jdbi..", "org.flywaydb..", "org.slf4j..")
                .check(CORE);
    }
}

package dev.galactic.controller.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.galactic.controller.Controller;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * HTTP lives in {@code controller.api} and nowhere else: the routes, the agents' WebSocket, the
 * HTTP server library and the OpenAPI document. The services and the control loop know nothing
 * of it; {@link Controller} alone wires the two together.
 */
class ApiArchitectureTest {

    private static final JavaClasses CONTROLLER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.galactic.controller");

    /** The HTTP server (Javalin on Jetty, with its servlet and WebSocket APIs) and the OpenAPI model. */
    private static final String[] HTTP = {"io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..", "javax.servlet..",
            "jakarta.websocket..", "javax.websocket..", "io.swagger.."};

    /** The packages that do the controller's work, the loop among them. */
    private static final String[] FEATURES = {"..controller.agents..", "..controller.bgp..", "..controller.events..",
            "..controller.loop..", "..controller.metrics..", "..controller.paths..", "..controller.render..",
            "..controller.sid..", "..controller.sla..", "..controller.status..", "..controller.store..", "..controller.telemetry..",
            "..controller.webhooks.."};

    @Test
    void onlyTheApiUsesTheHttpServer() {
        noClasses().that().resideOutsideOfPackage("..controller.api..").and().doNotBelongToAnyOf(Controller.class)
                .should().dependOnClassesThat().resideInAnyPackage(HTTP)
                .because("HTTP is the API's: a service takes and returns its own types, and Controller starts the server")
                .check(CONTROLLER);
    }

    @Test
    void nothingOutsideTheApiDependsOnIt() {
        noClasses().that().resideOutsideOfPackage("..controller.api..").and().doNotBelongToAnyOf(Controller.class)
                .should().dependOnClassesThat().resideInAPackage("..controller.api..")
                .because("the API depends on the services, never the other way round; Controller wires them")
                .check(CONTROLLER);
    }

    @Test
    void theLoopNeverImportsTheApi() {
        noClasses().that().resideInAPackage("..controller.loop..")
                .should().dependOnClassesThat().resideInAPackage("..controller.api..")
                .orShould().dependOnClassesThat().resideInAnyPackage(HTTP)
                .because("the control loop is fed by the services, whoever called them")
                .check(CONTROLLER);
    }

    @Test
    void noFeaturePackageUsesApiServer() {
        noClasses().that().resideInAnyPackage(FEATURES)
                .should().dependOnClassesThat().belongToAnyOf(ApiServer.class)
                .because("a service that needs the caller, a problem or a response shape is an API handler in the wrong package")
                .check(CONTROLLER);
    }

    @Test
    void routesAreInTheApi() {
        classes().that().implement(ApiServer.Routes.class)
                .should().resideInAPackage("dev.galactic.controller.api")
                .because("every HTTP handler lives in the flat api package")
                .check(CONTROLLER);
    }
}

package dev.galactic.controller;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Rules on how the controller's packages depend on each other, checked on its main classes. */
@AnalyzeClasses(packages = {"dev.galactic.controller", "db.migration"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String STORE = "dev.galactic.controller.store..";
    /** Flyway finds Java migrations there; they change the schema, which is the store's too. */
    private static final String MIGRATIONS = "db.migration..";

    /**
     * Every statement the controller runs is in a store class: the SQL that has to work on
     * SQLite and PostgreSQL alike is in one package, and is tested there on both.
     */
    @ArchTest
    static final ArchRule ONLY_THE_STORE_OPENS_THE_DATABASE = noClasses()
            .that().resideOutsideOfPackages(STORE, MIGRATIONS)
            .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "java.sql..", "javax.sql..", "com.zaxxer.hikari..", "org.flywaydb..")
            .because("SQL outside the store would be SQL no store test runs on both databases");

    /** The store persists what the services hand it, in its own types: services use it, never the other way round. */
    @ArchTest
    static final ArchRule THE_STORE_DEPENDS_ON_NO_SERVICE = noClasses()
            .that().resideInAPackage(STORE)
            .should().dependOnClassesThat(resideInAPackage("dev.galactic.controller..").and(resideOutsideOfPackage(STORE)))
            .because("a service's types in the store would tie the schema to that service's API, and make the two depend on each other");
}

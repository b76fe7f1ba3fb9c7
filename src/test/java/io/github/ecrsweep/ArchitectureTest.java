package io.github.ecrsweep;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers: cli -> app -> report -> registry -> rules, arrows pointing inward only (README, Development). */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.github.ecrsweep");
    }

    @Test
    void theLayersPointInwardOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("main")
                .definedBy("io.github.ecrsweep")
                .layer("cli")
                .definedBy("io.github.ecrsweep.cli..")
                .layer("app")
                .definedBy("io.github.ecrsweep.app..")
                .layer("report")
                .definedBy("io.github.ecrsweep.report..")
                .layer("registry")
                .definedBy("io.github.ecrsweep.registry..")
                .layer("rules")
                .definedBy("io.github.ecrsweep.rules..")
                .whereLayer("main")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("cli")
                .mayOnlyBeAccessedByLayers("main")
                .whereLayer("app")
                .mayOnlyBeAccessedByLayers("main", "cli")
                .whereLayer("report")
                .mayOnlyBeAccessedByLayers("main", "cli", "app")
                .whereLayer("registry")
                .mayOnlyBeAccessedByLayers("main", "cli", "app", "report")
                .whereLayer("rules")
                .mayOnlyBeAccessedByLayers("main", "cli", "app", "report", "registry")
                .because("cli -> app -> report -> registry -> rules, as DESIGN.md and the README draw them")
                .check(classes);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching("io.github.ecrsweep.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void rulesIsPureJava() {
        noClasses()
                .that()
                .resideInAPackage("io.github.ecrsweep.rules..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "software.amazon.awssdk..",
                        "picocli..",
                        "io.github.ecrsweep.cli..",
                        "io.github.ecrsweep.registry..",
                        "io.github.ecrsweep.app..",
                        "java.net..",
                        "java.nio.file..",
                        "java.io.File",
                        "java.net.http..",
                        "org.slf4j..")
                .because("the rules core is a pure function of its inputs")
                .check(classes);
    }

    @Test
    void rulesReadsNoClock() {
        noClasses()
                .that()
                .resideInAPackage("io.github.ecrsweep.rules..")
                .should()
                .callMethod(java.time.Instant.class, "now")
                .orShould()
                .callMethod(java.lang.System.class, "currentTimeMillis")
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(java.time.Clock.class)
                .because("time comes in as an argument")
                .check(classes);
    }

    @Test
    void onlyRulesJsonUsesJacksonInsideRules() {
        noClasses()
                .that()
                .resideInAPackage("io.github.ecrsweep.rules")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.fasterxml.jackson..")
                .check(classes);
    }

    @Test
    void rulesDoesNotPrint() {
        noClasses()
                .that()
                .resideInAnyPackage("io.github.ecrsweep.rules..", "io.github.ecrsweep.registry..")
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .because("printing belongs to cli")
                .check(classes);
    }

    @Test
    void registryDoesNotDependOnCli() {
        noClasses()
                .that()
                .resideInAPackage("io.github.ecrsweep.registry..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.github.ecrsweep.cli..", "picocli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void registryDoesNotDependOnTheApplicationLayer() {
        noClasses()
                .that()
                .resideInAPackage("io.github.ecrsweep.registry..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.ecrsweep.app..")
                .check(classes);
    }

    @Test
    void theApplicationLayerSeesNeitherPicocliNorTheTerminal() {
        noClasses()
                .that()
                .resideInAPackage("io.github.ecrsweep.app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.github.ecrsweep.cli..", "picocli..", "me.tongfei..")
                .orShould()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .orShould()
                .accessField(System.class, "in")
                .because("the use cases are driven by the commands, never the other way round")
                .check(classes);
    }

    @Test
    void theApplicationLayerTouchesNoAdapterNoSystemAndNoClock() {
        noClasses()
                .that()
                .resideInAPackage("io.github.ecrsweep.app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.github.ecrsweep.registry.aws..", "io.github.ecrsweep.registry.snapshot..")
                .orShould()
                .callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo(System.class))))
                .orShould()
                .callMethod(java.time.Instant.class, "now")
                .orShould()
                .callMethod(java.time.Clock.class, "systemUTC")
                .orShould()
                .callMethod(java.time.Clock.class, "systemDefaultZone")
                .orShould()
                .callMethod(java.time.LocalDate.class, "now")
                .orShould()
                .callMethod(java.time.LocalDateTime.class, "now")
                .orShould()
                .callMethod(java.time.OffsetDateTime.class, "now")
                .orShould()
                .callMethod(java.time.ZonedDateTime.class, "now")
                .because("the use cases reach AWS and files through ports, and read time from the injected ticker")
                .check(classes);
    }

    @Test
    void reportsAreRecordsAndRenderersOutsideTheCommandLine() {
        noClasses()
                .that()
                .resideInAPackage("io.github.ecrsweep.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.github.ecrsweep.cli..", "io.github.ecrsweep.app..", "picocli..", "me.tongfei..")
                .orShould()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .because("a report is written where the command line says, never straight to the terminal")
                .check(classes);
    }

    @Test
    void theCommandLineWritesNoReportFormatOfItsOwn() {
        noClasses()
                .that()
                .resideInAPackage("io.github.ecrsweep.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.github.ecrsweep.report.Csv")
                .because("every document and table is a record of the report layer, written there in every format")
                .check(classes);
    }

    @Test
    void onlyTheKubernetesRegistryImportsTheKubernetesClient() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.github.ecrsweep.registry.k8s..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.kubernetes..", "okhttp3..")
                .check(classes);
    }

    @Test
    void onlyTheAwsRegistryImportsTheSdk() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.github.ecrsweep.registry.aws..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("software.amazon.awssdk..")
                .check(classes);
    }
}

package dev.slidr.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules that keep the GIVT and privacy cores free of Flink. */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.slidr.job");
    }

    @Test
    void theCoreHasNoFlinkTypesExceptInItsOptionsAndConfigs() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.slidr.job.givt..", "dev.slidr.job.privacy..")
                .and()
                .haveNameNotMatching(".*(Options|Config)(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .because("GIVT and privacy logic must run in training and replay without Flink")
                .check(main);
    }

    @Test
    void theCoreDoesNotReachIntoTheFlinkFunctions() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.slidr.job.givt..", "dev.slidr.job.privacy..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.slidr.job.ingress..")
                .check(main);
    }
}

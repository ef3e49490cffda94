package dev.slidr.feature;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The feature core is plain Java: Flink types stay in the adapters of {@code .flink}. */
@AnalyzeClasses(
        packages = "dev.slidr.feature",
        importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    @ArchTest
    static final ArchRule coreHasNoFlinkTypes =
            noClasses()
                    .that()
                    .resideInAPackage("dev.slidr.feature")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.apache.flink..");
}

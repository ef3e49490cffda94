package dev.slidr.inference.decision;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Scoring and decisions are plain Java: Flink types stay in {@code dev.slidr.inference.flink}. */
@AnalyzeClasses(
        packages = {"dev.slidr.inference.scoring", "dev.slidr.inference.decision"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ScoringCoreArchitectureTest {

    @ArchTest
    static final ArchRule coreHasNoFlinkTypes =
            noClasses()
                    .that()
                    .resideInAnyPackage(
                            "dev.slidr.inference.scoring", "dev.slidr.inference.decision")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "org.apache.flink..",
                            "dev.slidr.feature.flink..",
                            "dev.slidr.inference.flink..");

    @ArchTest
    static final ArchRule scoringKnowsNothingOfDecisions =
            noClasses()
                    .that()
                    .resideInAPackage("dev.slidr.inference.scoring")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.slidr.inference.decision");
}

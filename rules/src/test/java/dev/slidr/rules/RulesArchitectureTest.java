package dev.slidr.rules;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules module is Flink-free: its classes use nothing of Flink except the configuration
 * vocabulary ({@code org.apache.flink.configuration}), which every setting of the project is
 * written in, and only in the {@code *Options} and {@code *Config} classes that read settings.
 */
class RulesArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.slidr.rules");
    }

    @Test
    void usesNoFlinkButItsConfigurationVocabulary() {
        noClasses()
                .should()
                .dependOnClassesThat(
                        resideInAPackage("org.apache.flink..")
                                .and(resideOutsideOfPackage("org.apache.flink.configuration..")))
                .because("the rules run in training and replay, where no Flink runtime is")
                .check(main);
    }

    @Test
    void theRulesHaveNoFlinkTypesExceptInTheirOptionsAndConfigs() {
        noClasses()
                .that()
                .haveNameNotMatching(".*(Options|Config)(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .because("GIVT and privacy logic must run in training and replay without Flink")
                .check(main);
    }
}

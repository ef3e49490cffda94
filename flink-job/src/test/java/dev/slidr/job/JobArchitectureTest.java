package dev.slidr.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job wires, it does not decide: no GIVT, privacy or dedupe logic lives in {@code flink-job}.
 * Its classes use no IP parsing ({@code inet.ipaddr}), user-agent analysis ({@code nl.basjes}) or
 * HMAC ({@code javax.crypto}), and it has no {@code givt}, {@code privacy} or {@code dedupe}
 * package: those rules live in the rules module ({@code dev.slidr.rules}), where training and
 * replay call the same code.
 */
class JobArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.slidr.job");
    }

    @Test
    void theJobUsesNoLibraryOfTheRules() {
        noClasses()
                .that()
                .resideInAPackage("dev.slidr.job..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("inet.ipaddr..", "nl.basjes..", "javax.crypto..")
                .because("GIVT checks and pseudonymization belong to the rules module")
                .check(main);
    }

    @Test
    void theJobHasNoPackageForARule() {
        noClasses()
                .should()
                .resideInAnyPackage(
                        "dev.slidr.job.givt..", "dev.slidr.job.privacy..", "dev.slidr.job.dedupe..")
                .because("GIVT, privacy and dedupe logic belong to the rules module")
                .allowEmptyShould(true)
                .check(main);
    }
}

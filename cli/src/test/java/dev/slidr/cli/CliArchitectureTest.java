package dev.slidr.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.apache.flink.api.common.functions.Function;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules that keep the command line a shell: no Flink operators in it, picocli nowhere else, and
 * commands that reach each other only through {@link SlidrCommand}'s subcommand list.
 */
class CliArchitectureTest {

    private static JavaClasses cli;
    private static JavaClasses everything;

    @BeforeAll
    static void importClasses() {
        cli =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.slidr.cli");
        // every module's jar is on this test class path
        everything = new ClassFileImporter().importPackages("dev.slidr");
    }

    @Test
    void theCommandLineHoldsNoFlinkOperatorOrFunction() {
        noClasses()
                .should()
                .implement(Function.class)
                .orShould()
                .beAssignableTo(AbstractStreamOperator.class)
                .because("pipelines belong to the modules the commands call")
                .check(cli);
    }

    @Test
    void nothingBelowTheCommandLineUsesPicocli() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.slidr.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("picocli..")
                .because("use cases take plain settings, whoever parses them")
                .check(everything);
    }

    @Test
    void commandsDoNotUseEachOther() {
        classes()
                .that()
                .resideInAPackage("dev.slidr.cli")
                .should(useNoOtherCommand())
                .because("only SlidrCommand lists the subcommands")
                .check(cli);
    }

    private static ArchCondition<JavaClass> useNoOtherCommand() {
        return new ArchCondition<>("use no other command") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String own = topLevel(origin).getName();
                if (own.equals(SlidrCommand.class.getName())) {
                    return;
                }
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = topLevel(d.getTargetClass());
                    if (target.getPackageName().equals("dev.slidr.cli")
                            && target.getSimpleName().endsWith("Command")
                            && !target.getName().equals(own)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass outer = c;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }
}

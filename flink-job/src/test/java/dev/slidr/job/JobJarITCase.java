package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job jar that {@code flink run} and the image's {@code usrlib/} take (built by the package
 * phase, which runs before integration tests): the job and what a Flink cluster lacks, nothing the
 * cluster provides.
 */
class JobJarITCase {

    private static List<String> entries;
    private static String mainClass;

    @BeforeAll
    static void openJar() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar =
                    files.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no *-job.jar in target/"));
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = file.stream().map(e -> e.getName()).toList();
            mainClass = file.getManifest().getMainAttributes().getValue("Main-Class");
        }
    }

    @Test
    void startsTheLiveJob() {
        assertThat(mainClass).isEqualTo(ClickDecisionJob.class.getName());
    }

    @Test
    void holdsTheJobAndWhatTheClusterLacks() {
        assertThat(entries)
                .contains(
                        "dev/slidr/job/ClickDecisionJob.class",
                        "dev/slidr/rules/givt/GivtChecks.class",
                        "dev/slidr/feature/flink/UserFeatureFunction.class",
                        "dev/slidr/inference/flink/ScoringOperator.class",
                        "dev/slidr/contract/ContractReader.class",
                        "org/apache/flink/connector/kafka/source/KafkaSource.class",
                        "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                        "com/fasterxml/jackson/databind/ObjectMapper.class",
                        "nl/basjes/parse/useragent/UserAgentAnalyzer.class",
                        "inet/ipaddr/IPAddressString.class");
    }

    @Test
    void leavesOutFlinkLoggingAndTheNativeRuntime() {
        assertThat(entries)
                .noneMatch(e -> e.startsWith("org/apache/flink/streaming/api/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/runtime/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/api/common/"))
                .noneMatch(e -> e.startsWith("org/slf4j/"))
                .noneMatch(e -> e.startsWith("org/apache/logging/log4j/"))
                .noneMatch(e -> e.startsWith("ai/onnxruntime/"))
                .noneMatch(e -> e.matches("META-INF/[^/]+\\.(SF|DSA|RSA)"));
    }
}

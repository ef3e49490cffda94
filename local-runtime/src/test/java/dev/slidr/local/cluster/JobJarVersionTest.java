package dev.slidr.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job jar's version comes from its manifest, else from Maven's pom.properties; the changed jar
 * declares the new version and keeps every other entry; versions are bumped at their last number.
 */
class JobJarVersionTest {

    @TempDir Path dir;

    @Test
    void readsTheVersionMavenWroteWhenTheManifestHasNone() throws IOException {
        Path jar = jar(null, "version=0.1.0-SNAPSHOT\n");

        assertThat(JobJarVersion.of(jar)).isEqualTo("0.1.0-SNAPSHOT");
    }

    @Test
    void theManifestsVersionWins() throws IOException {
        Path jar = jar("2.0.0", "version=0.1.0-SNAPSHOT\n");

        assertThat(JobJarVersion.of(jar)).isEqualTo("2.0.0");
    }

    @Test
    void theChangedJarDeclaresTheNewVersionAndKeepsEveryEntry() throws IOException {
        Path jar = jar(null, "version=0.1.0-SNAPSHOT\n");

        Path changed = JobJarVersion.withVersion(jar, dir.resolve("out/new.jar"), "0.1.1");

        assertThat(JobJarVersion.of(changed)).isEqualTo("0.1.1");
        assertThat(JobJarVersion.of(jar))
                .as("the original is untouched")
                .isEqualTo("0.1.0-SNAPSHOT");
        try (JarFile file = new JarFile(changed.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.slidr.job.ClickDecisionJob");
            assertThat(
                            new String(
                                    file.getInputStream(
                                                    file.getJarEntry("dev/slidr/job/Some.class"))
                                            .readAllBytes(),
                                    StandardCharsets.UTF_8))
                    .isEqualTo("class bytes");
        }
    }

    @Test
    void refusesAVersionWithSpacesOrControlCharacters() throws IOException {
        Path jar = jar(null, "version=0.1.0\n");

        assertThatThrownBy(() -> JobJarVersion.withVersion(jar, dir.resolve("a.jar"), "1 2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobJarVersion.withVersion(jar, dir.resolve("b.jar"), "1\n2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobJarVersion.withVersion(jar, dir.resolve("c.jar"), ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aJarWithoutAVersionIsRefusedWithItsPath() throws IOException {
        Path jar = jar(null, null);

        assertThatThrownBy(() -> JobJarVersion.of(jar))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(jar.toString())
                .hasMessageContaining("declares no version");
    }

    @Test
    void aFileThatIsNoJarIsRefused() throws IOException {
        Path notAJar = Files.writeString(dir.resolve("x.jar"), "not a zip");

        assertThatThrownBy(() -> JobJarVersion.of(notAJar)).isInstanceOf(IOException.class);
    }

    @Test
    void theJobReportsTheVersionOfTheJarItsClassesWereLoadedFrom() throws Exception {
        Path jar = jar("3.1.4", "version=0.1.0-SNAPSHOT\n");
        Path withClass = dir.resolve("with-class.jar");
        String name = JobJarVersion.class.getName().replace('.', '/') + ".class";
        try (JarFile in = new JarFile(jar.toFile());
                JarOutputStream out =
                        new JarOutputStream(Files.newOutputStream(withClass), in.getManifest());
                java.io.InputStream bytes =
                        JobJarVersion.class.getClassLoader().getResourceAsStream(name)) {
            out.putNextEntry(new JarEntry(name));
            bytes.transferTo(out);
            out.closeEntry();
        }
        // the platform loader as parent: the class comes from the jar, as from a job jar
        try (java.net.URLClassLoader loader =
                new java.net.URLClassLoader(
                        new java.net.URL[] {withClass.toUri().toURL()},
                        ClassLoader.getPlatformClassLoader())) {
            Class<?> loaded = loader.loadClass(JobJarVersion.class.getName());

            assertThat(JobJarVersion.ofJarHolding(loaded)).isEqualTo("3.1.4");
        }
    }

    @Test
    void aClassFromADirectoryHasNoJarVersion() {
        assertThat(JobJarVersion.ofJarHolding(JobJarVersionTest.class)).isEqualTo("unknown");
    }

    @Test
    void bumpsTheLastNumber() {
        assertThat(JobJarVersion.bumped("0.1.0-SNAPSHOT")).isEqualTo("0.1.1-SNAPSHOT");
        assertThat(JobJarVersion.bumped("1.9")).isEqualTo("1.10");
        assertThat(JobJarVersion.bumped("0.1.19-rc")).isEqualTo("0.1.20-rc");
        assertThat(JobJarVersion.bumped("99999999999999999999")).isEqualTo("100000000000000000000");
        assertThat(JobJarVersion.bumped("release")).isEqualTo("release.1");
    }

    private Path jar(String manifestVersion, String pomProperties) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes()
                .put(Attributes.Name.MAIN_CLASS, "dev.slidr.job.ClickDecisionJob");
        if (manifestVersion != null) {
            manifest.getMainAttributes()
                    .put(Attributes.Name.IMPLEMENTATION_VERSION, manifestVersion);
        }
        Path jar = dir.resolve("job-" + System.nanoTime() + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("dev/slidr/job/Some.class"));
            out.write("class bytes".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            if (pomProperties != null) {
                out.putNextEntry(
                        new JarEntry("META-INF/maven/dev.slidr/slidr-flink-job/pom.properties"));
                out.write(pomProperties.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}

package dev.slidr.replay.features;

import com.carrotsearch.hppc.LongByteHashMap;
import dev.slidr.training.pipeline.LabelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;

/**
 * Writes the jar that goes to the cluster beside the live job's jar: the feature pass's own classes
 * (this package), the training rows and labels it writes ({@code dev.slidr.training}, with the hash
 * map of its label sources) and Flink's data generator source, which neither the live job's jar nor
 * the cluster's {@code lib/} holds. Each is copied from where this process loaded it: a module's
 * class directory, its jar, or the {@code slidr.jar} of {@code bin/slidr}. Everything else the job
 * uses comes from the live job's jar, as in production.
 */
final class FeaturePassJobJar {

    /** A package to copy and a class of it, whose code source holds the package. */
    private record Part(String prefix, Class<?> member) {}

    private static final List<Part> PARTS =
            List.of(
                    new Part("dev/slidr/replay/features/", FlinkFeaturePass.class),
                    new Part("dev/slidr/training/", LabelSpec.class),
                    new Part("org/apache/flink/connector/datagen/", DataGeneratorSource.class),
                    // the truth's click id hashes (training's label sources)
                    new Part("com/carrotsearch/hppc/", LongByteHashMap.class));

    private FeaturePassJobJar() {}

    static Path write(Path file) throws IOException {
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file))) {
            for (Part part : PARTS) {
                long copied = copy(part, jar);
                if (copied == 0) {
                    throw new IOException(
                            "no class of " + part.prefix() + " found beside " + part.member());
                }
            }
        }
        return file;
    }

    private static long copy(Part part, JarOutputStream jar) throws IOException {
        CodeSource source = part.member().getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IOException("cannot tell where " + part.member() + " was loaded from");
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException(
                    "cannot read the classes at " + source.getLocation() + ": " + e.getMessage());
        }
        long copied = 0;
        if (Files.isDirectory(location)) {
            Path root = location.resolve(part.prefix());
            if (!Files.isDirectory(root)) {
                return 0;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                String name = location.relativize(f).toString().replace('\\', '/');
                jar.putNextEntry(new JarEntry(name));
                Files.copy(f, jar);
                jar.closeEntry();
                copied++;
            }
            return copied;
        }
        try (JarFile from = new JarFile(location.toFile())) {
            for (JarEntry e : from.stream().toList()) {
                if (e.isDirectory() || !e.getName().startsWith(part.prefix())) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(e.getName()));
                try (InputStream in = from.getInputStream(e)) {
                    in.transferTo((OutputStream) jar);
                }
                jar.closeEntry();
                copied++;
            }
        }
        return copied;
    }
}

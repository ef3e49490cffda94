package dev.slidr.local.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Writes the jar that goes to the cluster beside the job jar ({@code flink run -C}): {@link
 * SoakJob} and {@link ThrowOnSignal}, copied from this class path. Everything else they use comes
 * from the job jar, as in production.
 */
final class SoakJobJar {

    private static final List<Class<?>> CLASSES = List.of(SoakJob.class, ThrowOnSignal.class);

    private SoakJobJar() {}

    static Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file))) {
            for (Class<?> c : CLASSES) {
                String name = c.getName().replace('.', '/') + ".class";
                try (InputStream in = SoakJobJar.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException(name + " is not on the class path");
                    }
                    jar.putNextEntry(new JarEntry(name));
                    in.transferTo(jar);
                    jar.closeEntry();
                }
            }
        }
        return file;
    }
}

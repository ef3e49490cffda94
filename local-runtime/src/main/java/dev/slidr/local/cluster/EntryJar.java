package dev.slidr.local.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Writes a jar that goes to the cluster beside the job jar ({@code flink run -C}) with the given
 * classes, copied from this class path; everything else they use comes from the job jar, as in
 * production.
 */
final class EntryJar {

    private EntryJar() {}

    static Path write(Path file, Class<?>... classes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file))) {
            for (Class<?> c : classes) {
                String name = c.getName().replace('.', '/') + ".class";
                try (InputStream in = EntryJar.class.getClassLoader().getResourceAsStream(name)) {
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

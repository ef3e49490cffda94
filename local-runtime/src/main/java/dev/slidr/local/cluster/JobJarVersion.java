package dev.slidr.local.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version a job jar declares: its manifest's {@code Implementation-Version} when it has one,
 * else the version Maven wrote into it ({@code META-INF/maven/dev.slidr/slidr-flink-job/
 * pom.properties}). {@link #withVersion} writes a copy of a job jar that declares another version
 * (everything else byte for byte the same), which is how an upgrade rehearsal makes its "new
 * release" of the same code.
 */
public final class JobJarVersion {

    /** The manifest attribute that carries the version. */
    public static final String ATTRIBUTE = Attributes.Name.IMPLEMENTATION_VERSION.toString();

    private static final String POM_PROPERTIES =
            "META-INF/maven/dev.slidr/slidr-flink-job/pom.properties";
    private static final Pattern LAST_NUMBER = Pattern.compile("^(.*?)(\\d+)([^\\d]*)$");

    private JobJarVersion() {}

    /**
     * The version {@code jar} declares.
     *
     * @throws IOException when it is not a readable jar or declares no version
     */
    public static String of(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest != null) {
                String version = manifest.getMainAttributes().getValue(ATTRIBUTE);
                if (version != null && !version.isBlank()) {
                    return version.strip();
                }
            }
            JarEntry pom = file.getJarEntry(POM_PROPERTIES);
            if (pom != null) {
                Properties properties = new Properties();
                try (InputStream in = file.getInputStream(pom)) {
                    properties.load(in);
                }
                String version = properties.getProperty("version");
                if (version != null && !version.isBlank()) {
                    return version.strip();
                }
            }
        } catch (SecurityException | IllegalArgumentException e) {
            throw new IOException(jar + " is not a readable jar: " + e.getMessage(), e);
        }
        throw new IOException(
                jar + " declares no version (no " + ATTRIBUTE + ", no " + POM_PROPERTIES + ")");
    }

    /**
     * The version of the job jar this class runs beside: the jar that holds {@code jobClass} (the
     * job's main class, loaded from the submitted job jar).
     */
    public static String ofJarHolding(Class<?> jobClass) {
        try {
            java.security.CodeSource source = jobClass.getProtectionDomain().getCodeSource();
            if (source != null) {
                return of(Path.of(source.getLocation().toURI()));
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            // a class path of directories (tests): the package's own declaration below
        }
        Package p = jobClass.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    /**
     * Writes a copy of {@code jar} to {@code target} whose manifest declares {@code version}; every
     * other entry is copied unchanged.
     */
    public static Path withVersion(Path jar, Path target, String version) throws IOException {
        if (version == null || version.isBlank() || !version.strip().equals(version)) {
            throw new IllegalArgumentException("a version must be non-blank without spaces");
        }
        if (version.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException(
                    "a version must be printable ASCII without spaces, was '" + version + "'");
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (JarFile in = new JarFile(jar.toFile());
                OutputStream file = Files.newOutputStream(target)) {
            Manifest manifest = in.getManifest() != null ? in.getManifest() : new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
            main.put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            try (JarOutputStream out = new JarOutputStream(file, manifest)) {
                Enumeration<JarEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    JarEntry copy = new JarEntry(entry.getName());
                    copy.setTime(entry.getTime());
                    out.putNextEntry(copy);
                    try (InputStream content = in.getInputStream(entry)) {
                        content.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        return target;
    }

    /**
     * {@code version} with its last number raised by one ({@code 0.1.0-SNAPSHOT} → {@code
     * 0.1.1-SNAPSHOT}); {@code version.1} when it has no number.
     */
    public static String bumped(String version) {
        Matcher m = LAST_NUMBER.matcher(version);
        if (!m.matches()) {
            return version + ".1";
        }
        return m.group(1)
                + new java.math.BigInteger(m.group(2)).add(java.math.BigInteger.ONE)
                + m.group(3);
    }
}

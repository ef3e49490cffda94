package dev.slidr.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

/**
 * Generates {@code docs/configuration.md}: one table (key, type, default, description) per class
 * named {@code *Options} under {@code dev.slidr} that holds {@link ConfigOption} constants, found
 * by scanning the class path so that a new or moved options class is listed without being named
 * here.
 */
final class ConfigurationDocs {

    static final String PACKAGE = "dev.slidr";

    static final String REGENERATE =
            "mvn -B -pl cli -am verify -Dtest=ConfigurationDocsTest -Dit.test=none"
                    + " -Dsurefire.failIfNoSpecifiedTests=false"
                    + " -Dfailsafe.failIfNoSpecifiedTests=false -Dslidr.docs.regenerate=true";

    private ConfigurationDocs() {}

    /** Every {@code *Options} class under {@code dev.slidr} with public ConfigOption constants. */
    static List<Class<?>> optionsClasses() {
        ClassLoader loader = ConfigurationDocs.class.getClassLoader();
        Set<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(PACKAGE.replace('.', '/'));
            while (roots.hasMoreElements()) {
                names.addAll(optionsClassNames(roots.nextElement()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            try {
                Class<?> type = Class.forName(name, false, loader);
                if (!options(type).isEmpty()) {
                    classes.add(type);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(name + " was listed but does not load", e);
            }
        }
        classes.sort(Comparator.comparing(Class::getSimpleName));
        return classes;
    }

    private static List<String> optionsClassNames(URL root) throws IOException {
        List<String> entries = new ArrayList<>();
        if ("jar".equals(root.getProtocol())) {
            JarURLConnection connection = (JarURLConnection) root.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    entries.add(entry.getName());
                }
            }
        } else if ("file".equals(root.getProtocol())) {
            Path dir;
            try {
                dir = Path.of(root.toURI());
            } catch (URISyntaxException e) {
                throw new IOException("unreadable class path entry " + root, e);
            }
            Path base = dir;
            for (String ignored : PACKAGE.split("\\.")) {
                base = base.getParent();
            }
            Path classRoot = base;
            try (Stream<Path> files = Files.walk(dir)) {
                files.map(f -> classRoot.relativize(f).toString().replace('\\', '/'))
                        .forEach(entries::add);
            }
        }
        String prefix = PACKAGE.replace('.', '/') + "/";
        return entries.stream()
                .filter(e -> e.startsWith(prefix) && e.endsWith("Options.class"))
                .filter(e -> !e.contains("$"))
                .map(e -> e.substring(0, e.length() - ".class".length()).replace('/', '.'))
                .collect(Collectors.toList());
    }

    /** The public static ConfigOption constants of a class, in declaration order. */
    static List<Field> options(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers)
                    && Modifier.isStatic(modifiers)
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                fields.add(field);
            }
        }
        return fields;
    }

    /** The whole Markdown document. */
    static String render(List<Class<?>> classes) {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append("Every setting of every module: one table per `*Options` class, each")
                .append(" setting a Flink\n`ConfigOption` with its key, type, default and")
                .append(" description. Generated from the code\n(`ConfigurationDocs` in the cli's")
                .append(" tests); `ConfigurationDocsTest` fails when this file is\nstale.")
                .append(" Regenerate with:\n\n```\n")
                .append(REGENERATE)
                .append("\n```\n");
        for (Class<?> type : classes) {
            out.append("\n## ")
                    .append(type.getSimpleName())
                    .append("\n\n`")
                    .append(type.getName())
                    .append("`\n\n| key | type | default | description |\n")
                    .append("| --- | --- | --- | --- |\n");
            for (Field field : options(type)) {
                ConfigOption<?> option = value(field);
                out.append("| `")
                        .append(option.key())
                        .append("` | ")
                        .append(typeName(field))
                        .append(" | ")
                        .append(option.hasDefaultValue() ? "`" + format(option) + "`" : "none")
                        .append(" | ")
                        .append(cell(new HtmlFormatter().format(option.description())))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private static ConfigOption<?> value(Field field) {
        try {
            return (ConfigOption<?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(field + " is not readable", e);
        }
    }

    /** The option's value type from the constant's declaration: {@code ConfigOption<Duration>}. */
    private static String typeName(Field field) {
        Type type = field.getGenericType();
        if (type instanceof ParameterizedType parameterized) {
            return typeName(parameterized.getActualTypeArguments()[0]);
        }
        return "?";
    }

    private static String typeName(Type type) {
        if (type instanceof Class<?> c) {
            return c.getSimpleName();
        }
        if (type instanceof ParameterizedType p) {
            return typeName(p.getRawType())
                    + "&lt;"
                    + Stream.of(p.getActualTypeArguments())
                            .map(ConfigurationDocs::typeName)
                            .collect(Collectors.joining(", "))
                    + "&gt;";
        }
        return type.getTypeName();
    }

    /** A default as a config file writes it: durations as Flink reads them ({@code 25 h}). */
    private static String format(ConfigOption<?> option) {
        Object value = option.defaultValue();
        if (value instanceof Duration duration) {
            return TimeUtils.formatWithHighestUnit(duration);
        }
        return String.valueOf(value);
    }

    private static String cell(String text) {
        return text.replace("\n", " ").replace("|", "\\|");
    }
}

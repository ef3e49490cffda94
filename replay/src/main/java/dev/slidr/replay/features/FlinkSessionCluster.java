package dev.slidr.replay.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.runtime.util.EnvironmentInformation;

/**
 * A running Flink session cluster that the feature pass is submitted to: the REST address of its
 * job manager, a directory that this machine and every task manager see under the same absolute
 * path (a shared mount, or this machine's disk when the cluster runs here), and the live job's jar
 * ({@code flink-job}'s {@code -job.jar}), which carries the live stages and their libraries to the
 * cluster as {@code flink run} does.
 *
 * @param rest the job manager's REST address, {@code http://HOST:PORT}
 * @param sharedDir where the pass writes the clicks for the source and the row parts
 * @param liveJobJar the live job's jar
 */
public record FlinkSessionCluster(URI rest, Path sharedDir, Path liveJobJar) {

    /** Flink's default REST port. */
    public static final int DEFAULT_PORT = 8081;

    private static final int MAX_ADDRESS_LENGTH = 2048;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The cluster as a running feature pass needs it. */
    public FlinkSessionCluster {
        if (!sharedDir.isAbsolute()) {
            throw new IllegalArgumentException(
                    "the shared directory must be an absolute path, was " + sharedDir);
        }
    }

    public String host() {
        return rest.getHost();
    }

    public int port() {
        return rest.getPort();
    }

    /**
     * Parses a job manager's REST address: {@code http://HOST[:PORT]} (port 8081 when left out),
     * nothing after the port but an optional {@code /}.
     *
     * @throws IllegalArgumentException with one line saying what is wrong
     */
    public static URI parseAddress(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty; give the job manager's http://HOST:PORT");
        }
        if (text.length() > MAX_ADDRESS_LENGTH) {
            throw new IllegalArgumentException(
                    "is " + text.length() + " characters long; a REST address is http://HOST:PORT");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "'" + printable(text) + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException(
                    "'"
                            + printable(text)
                            + "' must be the job manager's REST address http://HOST:PORT");
        }
        if (uri.getHost() == null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException(
                    "'" + printable(text) + "' names no host; give http://HOST:PORT");
        }
        if ((uri.getRawPath() != null
                        && !uri.getRawPath().isEmpty()
                        && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "'"
                            + printable(text)
                            + "' has a path or query; give only http://HOST:PORT of the job"
                            + " manager");
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "'" + printable(text) + "' has port " + port + "; ports are 1 to 65535");
        }
        return URI.create("http://" + hostPart(uri.getHost()) + ":" + port);
    }

    /**
     * Asks the job manager for its overview within {@code timeout}, with no retry, and checks that
     * it is a Flink of this version with at least {@code slots} task slots.
     *
     * @throws IOException with one line saying what is wrong
     */
    public static void requireReady(URI rest, int slots, Duration timeout)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpResponse<String> response;
        try {
            response =
                    http.send(
                            HttpRequest.newBuilder(rest.resolve("/overview"))
                                    .timeout(timeout)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException(
                    "no Flink job manager answers at "
                            + rest
                            + " ("
                            + (e.getMessage() == null
                                    ? e.getClass().getSimpleName()
                                    : e.getMessage())
                            + ")");
        }
        JsonNode overview = null;
        if (response.statusCode() == 200) {
            try {
                overview = JSON.readTree(response.body());
            } catch (IOException e) {
                overview = null;
            }
        }
        if (overview == null || !overview.has("flink-version") || !overview.has("slots-total")) {
            throw new IOException(
                    rest
                            + " is not a Flink job manager's REST API (GET /overview answered "
                            + response.statusCode()
                            + ")");
        }
        String theirs = overview.path("flink-version").asText();
        String ours = EnvironmentInformation.getVersion();
        if (!minor(theirs).equals(minor(ours))) {
            throw new IOException(
                    "the Flink cluster at "
                            + rest
                            + " runs Flink "
                            + theirs
                            + "; the feature pass is built for Flink "
                            + ours);
        }
        int total = overview.path("slots-total").asInt();
        if (total < slots) {
            throw new IOException(
                    "the Flink cluster at "
                            + rest
                            + " has "
                            + total
                            + " task slots; parallelism "
                            + slots
                            + " needs "
                            + slots);
        }
    }

    /**
     * Checks a shared directory: absolute, an existing directory this process can write.
     *
     * @return the reason it cannot be used, or null
     */
    public static String problemWithSharedDir(Path dir) {
        if (!dir.isAbsolute()) {
            return "must be an absolute path that every task manager sees, was " + dir;
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is not a directory";
        }
        if (!Files.isWritable(dir)) {
            return dir + " cannot be written";
        }
        return null;
    }

    private static String minor(String version) {
        String[] parts = version.split("\\.");
        return parts.length < 2 ? version : parts[0] + "." + parts[1];
    }

    private static String hostPart(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The text with control characters shown as '?', cut to 200 characters for one line. */
    private static String printable(String text) {
        String cut = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}

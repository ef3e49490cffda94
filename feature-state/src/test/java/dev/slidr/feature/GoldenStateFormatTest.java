package dev.slidr.feature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Format version 1 as saved bytes: states written by this version must stay readable, with the same
 * features, by every later build. The files under {@code src/test/resources/state/} were written
 * from the streams below; a change that breaks this test needs a new format version. Run with the
 * environment variable {@code SLIDR_GOLDEN_WRITE=DIR} to write fresh files into DIR.
 */
class GoldenStateFormatTest {

    /** A robot's user state with sampled distinct counts and some out-of-order clicks. */
    static UserCounters userState() {
        UserCounters state = new UserCounters();
        List<Click> stream = StateSerializationTest.robotBurst();
        stream.subList(0, 2_000).forEach(state::add);
        StateSerializationTest.humanDay().subList(0, 5).forEach(state::add);
        return state;
    }

    /** The IP state of a gateway, sampled distinct counts included. */
    static IpCounters ipState() {
        IpCounters state = new IpCounters();
        StateSerializationTest.gateway(1_500).forEach(state::add);
        return state;
    }

    /** The state of a busy ad with logged-in and anonymous visitors. */
    static AdCounters adState() {
        AdCounters state = new AdCounters();
        AdCountersTest.busyAd(1_500).forEach(state::add);
        return state;
    }

    @Test
    void readsSavedAdStateOfFormatVersion1() throws IOException {
        byte[] saved = resource("state/ad-v1.bin");
        AdCounters restored = AdCounters.readFrom(StateSerializationTest.input(saved));
        AdCounters rebuilt = adState();

        assertThat(saved[0]).isEqualTo((byte) 1);
        assertThat(AdCountersTest.bytes(restored)).isEqualTo(saved);
        assertThat(AdCountersTest.bytes(rebuilt)).isEqualTo(saved);
        for (Click next : AdCountersTest.busyAd(1_800).subList(1_500, 1_800)) {
            assertThat(restored.add(next)).isEqualTo(rebuilt.add(next));
        }
    }

    @Test
    void readsSavedUserStateOfFormatVersion1() throws IOException {
        byte[] saved = resource("state/user-v1.bin");
        UserCounters restored = UserCounters.readFrom(StateSerializationTest.input(saved));
        UserCounters rebuilt = userState();

        assertThat(saved[0]).isEqualTo((byte) 1);
        assertThat(StateSerializationTest.userBytes(restored)).isEqualTo(saved);
        assertThat(StateSerializationTest.userBytes(rebuilt)).isEqualTo(saved);
        for (Click next : StateSerializationTest.robotBurst().subList(2_000, 2_300)) {
            assertThat(restored.add(next)).isEqualTo(rebuilt.add(next));
        }
    }

    @Test
    void readsSavedIpStateOfFormatVersion1() throws IOException {
        byte[] saved = resource("state/ip-v1.bin");
        IpCounters restored = IpCounters.readFrom(StateSerializationTest.input(saved));
        IpCounters rebuilt = ipState();

        assertThat(saved[0]).isEqualTo((byte) 1);
        assertThat(StateSerializationTest.ipBytes(restored)).isEqualTo(saved);
        assertThat(StateSerializationTest.ipBytes(rebuilt)).isEqualTo(saved);
        for (Click next : StateSerializationTest.gateway(1_800).subList(1_500, 1_800)) {
            assertThat(restored.add(next)).isEqualTo(rebuilt.add(next));
        }
    }

    @Test
    void writesFreshGoldenFilesWhenAsked() throws IOException {
        String dir = System.getenv("SLIDR_GOLDEN_WRITE");
        if (dir == null) {
            return;
        }
        Path root = Path.of(dir);
        Files.createDirectories(root);
        Files.write(root.resolve("user-v1.bin"), StateSerializationTest.userBytes(userState()));
        Files.write(root.resolve("ip-v1.bin"), StateSerializationTest.ipBytes(ipState()));
        Files.write(root.resolve("ad-v1.bin"), AdCountersTest.bytes(adState()));
    }

    private static byte[] resource(String name) {
        try (InputStream in = GoldenStateFormatTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.slidr.feature;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StateSerializationTest {

    @Test
    void emptyStatesRoundTrip() throws IOException {
        assertThat(userBytes(new UserCounters())).containsExactly(1, 1);
        assertThat(UserCounters.readFrom(input(userBytes(new UserCounters()))).isEmpty()).isTrue();
        assertThat(IpCounters.readFrom(input(ipBytes(new IpCounters()))).isEmpty()).isTrue();
    }

    @Test
    void restoredUserStateComputesTheSameFeatures() throws IOException {
        for (List<Click> stream : List.of(humanDay(), robotBurst())) {
            UserCounters live = new UserCounters();
            int half = stream.size() / 2;
            for (Click c : stream.subList(0, half)) {
                live.add(c);
            }
            UserCounters restored = UserCounters.readFrom(input(userBytes(live)));
            assertThat(userBytes(restored)).isEqualTo(userBytes(live));
            for (Click c : stream.subList(half, stream.size())) {
                assertThat(restored.add(c)).isEqualTo(live.add(c));
            }
        }
    }

    @Test
    void restoredIpStateComputesTheSameFeatures() throws IOException {
        List<Click> stream = gateway(2_000);
        IpCounters live = new IpCounters();
        for (Click c : stream.subList(0, 1_000)) {
            live.add(c);
        }
        assertThat(live.distinctLevels(live.maxTimestamp())[1]).isPositive();
        IpCounters restored = IpCounters.readFrom(input(ipBytes(live)));
        assertThat(ipBytes(restored)).isEqualTo(ipBytes(live));
        for (Click c : stream.subList(1_000, stream.size())) {
            assertThat(restored.add(c)).isEqualTo(live.add(c));
        }
    }

    @Test
    void firstByteIsTheFormatVersion() throws IOException {
        UserCounters user = new UserCounters();
        user.add(humanDay().get(0));
        byte[] bytes = userBytes(user);
        assertThat(bytes[0]).isEqualTo((byte) UserCounters.FORMAT_VERSION);

        bytes[0] = 2;
        assertThatThrownBy(() -> UserCounters.readFrom(input(bytes)))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("unknown user state format version 2");

        byte[] ip = ipBytes(new IpCounters());
        ip[0] = 0;
        assertThatThrownBy(() -> IpCounters.readFrom(input(ip)))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("unknown IP state format version 0");
    }

    @Test
    void everyTruncationIsReportedAsTruncated() throws IOException {
        UserCounters user = new UserCounters();
        robotBurst().forEach(user::add);
        byte[] bytes = userBytes(user);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> UserCounters.readFrom(input(cut)))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(StateFormatException.class)
                    .hasMessageContaining("truncated");
        }
        IpCounters ip = new IpCounters();
        gateway(300).forEach(ip::add);
        byte[] ipBytes = ipBytes(ip);
        for (int length = 0; length < ipBytes.length; length += 7) {
            byte[] cut = Arrays.copyOf(ipBytes, length);
            assertThatThrownBy(() -> IpCounters.readFrom(input(cut)))
                    .isInstanceOf(StateFormatException.class);
        }
    }

    @Test
    void corruptFieldsAreRejectedWithAReason() throws IOException {
        UserCounters user = new UserCounters();
        user.add(humanDay().get(0));
        byte[] bytes = userBytes(user);

        byte[] badFlag = bytes.clone();
        badFlag[1] = 7;
        assertThatThrownBy(() -> UserCounters.readFrom(input(badFlag)))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("empty flag");

        byte[] badRecent = bytes.clone();
        badRecent[10] = 9; // latest click count, after version, flag and 8-byte max time
        assertThatThrownBy(() -> UserCounters.readFrom(input(badRecent)))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("latest click count");

        byte[] badMask = bytes.clone();
        badMask[12] = (byte) 0xC0; // 1-minute presence mask: bits beyond its 6 buckets
        assertThatThrownBy(() -> UserCounters.readFrom(input(badMask)))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("bucket mask");
    }

    /** A state reader: {@code UserCounters::readFrom} and the like. */
    interface StateReader {
        Object read(DataInputStream in) throws IOException;
    }

    @Test
    void randomGarbageNeverEscapesAsAnythingButStateFormatException() {
        List<StateReader> readers =
                List.of(UserCounters::readFrom, IpCounters::readFrom, AdCounters::readFrom);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2_000; i++) {
            byte[] garbage = new byte[random.nextInt(1, 200)];
            for (int j = 0; j < garbage.length; j++) {
                garbage[j] = (byte) random.nextInt(256);
            }
            garbage[0] = 1;
            if (garbage.length > 1) {
                garbage[1] = 0;
            }
            for (StateReader reader : readers) {
                try {
                    reader.read(input(garbage));
                } catch (StateFormatException expected) {
                    // rejected with a reason
                } catch (IOException | RuntimeException e) {
                    throw new AssertionError("garbage escaped as " + e, e);
                }
            }
        }
    }

    static List<Click> humanDay() {
        List<Click> clicks = new ArrayList<>();
        long[] offsets = {0, 40, 95, 600, 3_700, 9_000, 20_000, 20_030, 50_000, 80_000};
        for (int i = 0; i < offsets.length; i++) {
            clicks.add(
                    builder("alice", "10.0.0.1", T0.plusSeconds(offsets[i]))
                            .ad("ad-" + (i % 4))
                            .advertiser("adv-" + (i % 2))
                            .build());
        }
        return clicks;
    }

    static List<Click> robotBurst() {
        List<Click> clicks = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            clicks.add(
                    builder("bot", "10.0.0.2", T0.plusSeconds(i * 7L))
                            .ad("ad-" + i)
                            .advertiser("adv-" + (i % 50))
                            .build());
        }
        return clicks;
    }

    static List<Click> gateway(int clicks) {
        List<Click> stream = new ArrayList<>();
        for (int i = 0; i < clicks; i++) {
            stream.add(
                    builder("user-" + (i % 700), "gw", T0.plusSeconds(i * 20L))
                            .session("s-" + (i % 900))
                            .build());
        }
        return stream;
    }

    static byte[] userBytes(UserCounters state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        state.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    static byte[] ipBytes(IpCounters state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        state.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}

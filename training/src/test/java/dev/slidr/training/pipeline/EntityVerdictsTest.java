package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.rules.privacy.HmacKey;
import dev.slidr.rules.privacy.IdentifierKind;
import dev.slidr.rules.privacy.Pseudonymizer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reviewer's verdicts file: hostile rows, refusals and the verdict a click inherits. */
class EntityVerdictsTest {

    private static final HmacKey KEY = HmacKey.of("k1", new byte[32]);
    private static final Pseudonymizer P = new Pseudonymizer(KEY);
    private static final String ALICE = P.pseudonym(IdentifierKind.USER, "alice");
    private static final String BOB = P.pseudonym(IdentifierKind.USER, "bob");
    private static final String IP1 = P.pseudonym(IdentifierKind.IP, "10.0.0.1");

    @TempDir Path dir;

    @Test
    void hostileRowsAreCountedByReasonAndTheGoodOnesKept() throws IOException {
        Path file =
                write(
                        "\uFEFFentity_type,entity,verdict\n"
                                + "user,"
                                + ALICE
                                + ",robot\r\n"
                                + "\n"
                                + "device,"
                                + ALICE
                                + ",robot\n"
                                + "user,"
                                + BOB
                                + ",maybe\n"
                                + "user,"
                                + BOB
                                + "\n"
                                + "user,alice,robot\n"
                                + "user,u.k2.AAAAAAAAAAAAAAAAAAAAAA,robot\n"
                                + "ip,"
                                + ALICE
                                + ",robot\n"
                                + "ad,bad\u0001ad,robot\n"
                                + "ad,"
                                + "x".repeat(EntityVerdicts.MAX_LINE_BYTES + 5)
                                + ",robot\n"
                                + "ip,"
                                + IP1
                                + ",HUMAN\n"
                                + "ip,"
                                + IP1
                                + ",human\n"
                                + "ad,ad-7,robot\n"
                                + "ad,ad-7,human\n"
                                + "ad,ad-7,robot\n");

        EntityVerdicts v = EntityVerdicts.read(file, KEY, 2.0, false);

        EntityVerdicts.Counts c = v.counts();
        assertThat(c.rows()).isEqualTo(14);
        assertThat(c.rejected())
                .containsEntry("unknown_entity_type", 1L)
                .containsEntry("unknown_verdict", 1L)
                .containsEntry("wrong_field_count", 1L)
                .containsEntry("not_a_pseudonym", 2L)
                .containsEntry("other_key_id", 1L)
                .containsEntry("bad_entity", 1L)
                .containsEntry("oversized", 1L)
                .containsEntry("conflicting_verdicts", 2L);
        assertThat(c.duplicates()).isEqualTo(1);
        assertThat(c.conflicting()).isEqualTo(1);
        assertThat(c.robots()).isEqualTo(1);
        assertThat(c.humans()).isEqualTo(1);
        assertThat(v.size()).isEqualTo(2);
    }

    @Test
    void theMostSpecificJudgedEntityDecidesAndUnseenOnesAreCounted() throws IOException {
        Path file =
                write(
                        "user,"
                                + ALICE
                                + ",human\nip,"
                                + IP1
                                + ",robot\nad,ad-9,human\nuser,"
                                + BOB
                                + ",robot\n");
        EntityVerdicts v = EntityVerdicts.read(file, KEY, 2.0, true);

        // alice judged human on an IP judged robot: the user's verdict wins
        assertThat(v.verdict(click("alice", "10.0.0.1", "ad-9", true)))
                .isEqualTo(EntityVerdicts.HUMAN);
        // carol is not judged: the IP's verdict
        assertThat(v.verdict(click("carol", "10.0.0.1", "ad-9", true)))
                .isEqualTo(EntityVerdicts.ROBOT);
        // neither user nor IP judged: the ad's
        assertThat(v.verdict(click("carol", "10.0.0.2", "ad-9", true)))
                .isEqualTo(EntityVerdicts.HUMAN);
        assertThat(v.verdict(click("carol", "10.0.0.2", "ad-1", true)))
                .isEqualTo(EntityVerdicts.NONE);
        // an anonymous click's user key is its session: alice's verdict does not reach it
        assertThat(v.verdict(click("alice", "10.0.0.2", "ad-1", false)))
                .isEqualTo(EntityVerdicts.NONE);
        assertThat(v.neverSeen()).isEqualTo(1);
        assertThat(v.humansInFpr()).isTrue();
        assertThat(v.weight()).isEqualTo(2.0);
    }

    @Test
    void aSerializedCopyJudgesAsTheOriginalForTheTasksOfAFlinkPass() throws Exception {
        EntityVerdicts v =
                EntityVerdicts.read(write("user," + ALICE + ",robot\n"), KEY, 2.0, false);
        v.verdict(click("alice", "10.0.0.1", "ad-1", true));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(v);
        }
        EntityVerdicts copy;
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(
                        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (EntityVerdicts) in.readObject();
        }
        // the copy starts with nothing seen: each task counts its own clicks
        assertThat(copy.neverSeen()).isEqualTo(1);
        assertThat(copy.verdict(click("alice", "10.0.0.9", "ad-1", true)))
                .isEqualTo(EntityVerdicts.ROBOT);
        assertThat(copy.neverSeen()).isZero();
        assertThat(copy.counts()).isEqualTo(v.counts());
    }

    @Test
    void aGzipFileReadsLikeAPlainOne() throws IOException {
        Path file = dir.resolve("verdicts.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(("user," + ALICE + ",robot\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(EntityVerdicts.read(file, KEY, 1.0, false).size()).isEqualTo(1);
    }

    @Test
    void aFileWithoutAnyUsableVerdictIsRefusedInOneLine() throws IOException {
        assertThatThrownBy(() -> EntityVerdicts.read(write(""), KEY, 2.0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no usable verdict in");
        Path conflicting = write("user," + ALICE + ",robot\nuser," + ALICE + ",human\n");
        assertThatThrownBy(() -> EntityVerdicts.read(conflicting, KEY, 2.0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 conflicting");
        Path binary = Files.write(dir.resolve("binary"), new byte[] {0, (byte) 0xff, 10, 1, 2});
        assertThatThrownBy(() -> EntityVerdicts.read(binary, KEY, 2.0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no usable verdict");
    }

    @Test
    void aWeightOutOfRangeOrAMissingFileIsRefused() throws IOException {
        Path file = write("user," + ALICE + ",robot\n");
        for (double w : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 101}) {
            assertThatThrownBy(() -> EntityVerdicts.read(file, KEY, w, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("verdict weight must be in (0, 100.0]");
        }
        assertThatThrownBy(() -> EntityVerdicts.read(dir.resolve("none"), KEY, 2, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no such verdicts file");
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("verdicts-" + content.hashCode() + ".csv"), content);
    }

    private static Click click(String user, String ip, String ad, boolean loggedIn) {
        return new Click(
                "c-" + user + ip + ad,
                1_772_442_000_000L,
                loggedIn ? user : null,
                "s-" + user,
                ip,
                "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0",
                Device.DESKTOP,
                loggedIn,
                ad,
                "adv-1",
                "search-top");
    }
}

package dev.slidr.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The word-at-a-time scan against a byte-by-byte reading of its definition. */
class RecordBytesTest {

    /** The definition, one byte at a time. */
    private static RecordBytes naive(byte[] bytes) {
        boolean special = false;
        for (byte b : bytes) {
            if (b < 0) {
                return RecordBytes.OTHER;
            }
            special |= b == '\\' || b == 0x7F;
        }
        return special ? RecordBytes.ASCII : RecordBytes.PLAIN;
    }

    @Test
    void findsEachKindOfByteAtEveryPositionAndLength() {
        byte[] kinds = {'\\', 0x7F, (byte) 0x80, (byte) 0xFF, (byte) 0xC3, 0x00, 0x7E, 0x5B, 0x5D};
        for (int length = 1; length <= 40; length++) {
            for (int at = 0; at < length; at++) {
                for (byte kind : kinds) {
                    byte[] bytes = new byte[length];
                    java.util.Arrays.fill(bytes, (byte) 'a');
                    bytes[at] = kind;

                    assertThat(RecordBytes.of(bytes))
                            .as("0x%02X at %d of %d", kind & 0xFF, at, length)
                            .isEqualTo(naive(bytes));
                }
            }
        }
    }

    @Test
    void agreesWithTheDefinitionOnRandomRecords() {
        SplittableRandom random = new SplittableRandom(20261205L);
        // mostly printable ASCII, with the bytes that matter and their neighbours now and then
        byte[] rare = {'\\', '[', ']', 0x7F, 0x7E, (byte) 0x80, (byte) 0x81, (byte) 0xFF, 0, 1};
        for (int n = 0; n < 200_000; n++) {
            byte[] bytes = new byte[random.nextInt(0, 70)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] =
                        random.nextInt(40) == 0
                                ? rare[random.nextInt(rare.length)]
                                : (byte) random.nextInt(0x20, 0x7F);
            }

            assertThat(RecordBytes.of(bytes)).isEqualTo(naive(bytes));
        }
    }

    @Test
    void anEmptyRecordIsPlain() {
        assertThat(RecordBytes.of(new byte[0])).isEqualTo(RecordBytes.PLAIN);
    }
}

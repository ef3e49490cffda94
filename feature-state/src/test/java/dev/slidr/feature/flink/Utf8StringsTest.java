package dev.slidr.feature.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The length-prefixed UTF-8 strings of the records between stages, good and bad bytes. */
class Utf8StringsTest {

    @Test
    void roundTripsNullEmptyAsciiNonAsciiAndLongStrings() throws Exception {
        String[] values = {
            null,
            "",
            "c-1",
            "ad-ü-7",
            "日本語",
            "emoji \uD83D\uDE00",
            "x".repeat(126),
            "y".repeat(127),
            "z".repeat(70_000)
        };
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (String value : values) {
            Utf8Strings.write(value, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (String value : values) {
            assertThat(Utf8Strings.read(in)).isEqualTo(value);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void writesShortAsciiAsOnePrefixByteAndItsBytes() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(16);
        Utf8Strings.write("abc", out);
        assertThat(out.getCopyOfBuffer()).containsExactly(4, 'a', 'b', 'c');
    }

    @Test
    void rejectsALengthPrefixLongerThanFiveBytes() {
        byte[] bytes = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1};
        assertThatThrownBy(() -> Utf8Strings.read(new DataInputDeserializer(bytes)))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("prefix");
    }

    @Test
    void rejectsAnOversizedOrNegativeLength() {
        // prefix 0x7FFFFFFF: 2 GiB - 2 bytes
        byte[] huge = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        assertThatThrownBy(() -> Utf8Strings.read(new DataInputDeserializer(huge)))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("exceeds");
        // prefix overflowing into the sign bit
        byte[] negative = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        assertThatThrownBy(() -> Utf8Strings.read(new DataInputDeserializer(negative)))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void failsOnTruncatedBytes() {
        byte[] bytes = {10, 'a', 'b'};
        assertThatThrownBy(() -> Utf8Strings.read(new DataInputDeserializer(bytes)))
                .isInstanceOf(EOFException.class);
    }
}

package dev.slidr.training.rows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClickIdHashTest {

    @Test
    void hashesAreThoseOfTheUtf8BytesThatRowFilesAlreadyHold() {
        // values written by the first version of the row file: a change here breaks old row files
        assertThat(ClickIdHash.of("")).isEqualTo(-1166397803181037274L);
        assertThat(ClickIdHash.of("c-000001")).isEqualTo(8497201736199783956L);
        assertThat(ClickIdHash.of("8f14e45f-ceea-467f-a0e6-5b1c2e4b5a01"))
                .isEqualTo(-6414240460106751599L);
        assertThat(ClickIdHash.of("clic\u00e9-\u4e2d-\ud83d\ude00"))
                .isEqualTo(-8165438998527262148L);
    }

    @Test
    void idsThatDifferOnlyAfterTheFirstNonAsciiCharHashApart() {
        assertThat(ClickIdHash.of("\u00e9a")).isNotEqualTo(ClickIdHash.of("\u00e9b"));
        assertThat(ClickIdHash.of("a\u00e9")).isNotEqualTo(ClickIdHash.of("b\u00e9"));
    }
}

package dev.slidr.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link FieldRules#firstHostileChar}: every char, alone and inside text, against its definition.
 */
class FieldRulesHostileCharTest {

    /** The definition, char by char, without the printable-ASCII shortcut. */
    private static boolean hostile(char c) {
        return c < 0x20
                || (c >= 0x7F && c <= 0x9F)
                || c == 0x061C
                || c == 0x200E
                || c == 0x200F
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069)
                || Character.isSurrogate(c);
    }

    @Test
    void findsEveryHostileCharAndNoOtherAmongAllChars() {
        for (int c = 0; c <= 0xFFFF; c++) {
            char ch = (char) c;
            int expected = hostile(ch) ? 3 : -1;
            assertThat(FieldRules.firstHostileChar("ad-" + ch + "-7"))
                    .as("U+%04X", c)
                    .isEqualTo(expected);
        }
    }

    @Test
    void acceptsPairedSurrogatesAndRejectsUnpairedOnes() {
        assertThat(FieldRules.firstHostileChar("ok \uD83D\uDE00 ok")).isEqualTo(-1);
        assertThat(FieldRules.firstHostileChar("x\uD83D")).isEqualTo(1);
        assertThat(FieldRules.firstHostileChar("x\uDE00y")).isEqualTo(1);
        assertThat(FieldRules.firstHostileChar("\uD83D\uD83D\uDE00")).isEqualTo(0);
    }

    @Test
    void acceptsPrintableAsciiAndReportsTheFirstOfSeveral() {
        StringBuilder ascii = new StringBuilder();
        for (char c = 0x20; c < 0x7F; c++) {
            ascii.append(c);
        }
        assertThat(FieldRules.firstHostileChar(ascii.toString())).isEqualTo(-1);
        assertThat(FieldRules.firstHostileChar("")).isEqualTo(-1);
        assertThat(FieldRules.firstHostileChar("ab\u202Ecd\u0000")).isEqualTo(2);
        assertThat(FieldRules.firstHostileChar("~\u007F")).isEqualTo(1);
    }
}

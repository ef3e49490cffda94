package dev.slidr.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The decoders are total: no input makes them throw, and every rejection message is printable
 * ASCII, so rejected input can never smuggle control or bidi characters into logs.
 */
class DecodeTotalityTest {

    private static final byte[] CLICK =
            ("{\"click_id\":\"c-1\",\"ts\":1772442000000,\"user_id\":\"u-1\",\"session_id\":"
                            + "\"s-1\",\"ip\":\"203.0.113.7\",\"user_agent\":\"Mozilla/5.0\","
                            + "\"device\":\"mobile\",\"logged_in\":true,\"ad_id\":\"ad-1\","
                            + "\"advertiser_id\":\"adv-1\",\"placement\":\"top\"}")
                    .getBytes(StandardCharsets.UTF_8);

    private static final List<Function<byte[], Parsed<?>>> READERS =
            List.of(
                    ContractJson::readClick,
                    ContractJson::readConversion,
                    ContractJson::readRfmRow,
                    ContractJson::readDecision,
                    ContractJson::readDeadLetter);

    @Property(tries = 300)
    void randomBytesNeverThrow(@ForAll("randomBytes") byte[] bytes) {
        for (Function<byte[], Parsed<?>> reader : READERS) {
            assertTotal(reader.apply(bytes));
        }
    }

    @Property(tries = 500)
    void mutatedClicksNeverThrow(
            @ForAll @IntRange(min = 0, max = 200) int position,
            @ForAll("mutationBytes") byte value,
            @ForAll @IntRange(min = 0, max = 2) int kind) {
        byte[] mutated = mutate(CLICK, position % CLICK.length, value, kind);
        assertTotal(ContractJson.readClick(mutated));
    }

    @Property(tries = 200)
    void mutatedJsonTextNeverThrows(@ForAll("jsonish") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (Function<byte[], Parsed<?>> reader : READERS) {
            assertTotal(reader.apply(bytes));
        }
    }

    private static byte[] mutate(byte[] source, int position, byte value, int kind) {
        return switch (kind) {
            case 0 -> {
                byte[] copy = source.clone();
                copy[position] = value;
                yield copy;
            }
            case 1 -> java.util.Arrays.copyOf(source, position);
            default -> {
                byte[] copy = new byte[source.length + 1];
                System.arraycopy(source, 0, copy, 0, position);
                copy[position] = value;
                System.arraycopy(source, position, copy, position + 1, source.length - position);
                yield copy;
            }
        };
    }

    private static void assertTotal(Parsed<?> parsed) {
        assertThat(parsed).isNotNull();
        if (parsed instanceof Parsed.Rejected<?> rejected) {
            assertThat(rejected.message()).matches("[\\x20-\\x7e]*");
        }
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    }

    @Provide
    Arbitrary<Byte> mutationBytes() {
        Byte[] structural =
                "{}[]\",:\\0-e.n \u00ff".chars().mapToObj(c -> (byte) c).toArray(Byte[]::new);
        return Arbitraries.oneOf(Arbitraries.bytes(), Arbitraries.of(structural));
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings()
                .withChars("{}[]\":,0123456789.eE-+ntruefalsn\\u\u202e\u0000abc_")
                .withCharRange('\ud800', '\udfff')
                .ofMaxLength(120)
                .map(s -> "{\"click_id\":" + s);
    }
}

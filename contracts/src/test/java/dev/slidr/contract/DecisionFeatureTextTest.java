package dev.slidr.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A decision's feature texts are the bytes {@link Float#toString(float)} gives (the contract's text
 * before whole numbers took their own path), and read back to the same float.
 */
class DecisionFeatureTextTest {

    @Test
    void wholeNumbersAreWrittenAsFloatToStringWritesThem() throws IOException {
        List<Float> values = new ArrayList<>();
        for (int i = -70_000; i <= 70_000; i++) {
            values.add((float) i);
        }
        for (int i : new int[] {1023, 1024, 1025, 9_999_999, -9_999_999, 10_000_000, -10_000_000}) {
            values.add((float) i);
        }
        values.add(16_777_216f);
        values.add(1.0e9f);
        values.add(-0.0f);
        values.add(0.0f);
        values.add(Float.MAX_VALUE);
        values.add(-Float.MAX_VALUE);
        SplittableRandom random = new SplittableRandom(23);
        for (int i = 0; i < 50_000; i++) {
            values.add((float) random.nextInt(-10_000_000, 10_000_001));
        }

        assertWrittenAsFloatToString(values);
    }

    @Test
    void fractionsAndTinyValuesKeepTheGeneralText() throws IOException {
        List<Float> values = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(29);
        for (int i = 0; i < 50_000; i++) {
            values.add((float) random.nextDouble(-1_000, 1_000));
            values.add(Float.intBitsToFloat(random.nextInt()) % 1e12f);
        }
        values.add(Float.MIN_VALUE);
        values.add(Float.MIN_NORMAL);
        values.add(0.5f);
        values.add(-1.5f);
        values.add(9_999_999.5f);
        values.removeIf(v -> !Float.isFinite(v));

        assertWrittenAsFloatToString(values);
    }

    @Test
    void aDecisionsFeaturesReadBackToTheSameFloats() {
        float[] features = {0f, 1f, 3f, 1_023f, 1_024f, 65_536f, 0.25f, 1e-7f, 12_345_678f, -2f};
        Decision decision =
                new Decision(
                        "c-1",
                        1_767_225_600_000L,
                        1_767_225_600_005L,
                        false,
                        Decision.Stage.NONE,
                        List.of(),
                        0.1,
                        0.8,
                        "mobile/logged_in",
                        "m1",
                        "c1",
                        "v1",
                        features,
                        0,
                        null);

        byte[] bytes = ContractJson.write(decision);
        Decision read = ContractJson.readDecision(bytes).value();

        assertThat(read.features()).containsExactly(features);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .contains(
                        "\"features\":[0.0,1.0,3.0,1023.0,1024.0,65536.0,0.25,1.0E-7,1.2345678E7,"
                                + "-2.0]");
    }

    private static void assertWrittenAsFloatToString(List<Float> values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder expected = new StringBuilder("[");
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartArray();
            for (float v : values) {
                ContractJson.writeFeature(g, v);
                expected.append(expected.length() > 1 ? "," : "").append(Float.toString(v));
            }
            g.writeEndArray();
        }
        expected.append(']');
        String written = out.toString(StandardCharsets.UTF_8);
        assertThat(written).isEqualTo(expected.toString());
        String[] texts = written.substring(1, written.length() - 1).split(",");
        for (int i = 0; i < texts.length; i++) {
            assertThat(Float.floatToRawIntBits(Float.parseFloat(texts[i])))
                    .isEqualTo(Float.floatToRawIntBits(values.get(i)));
        }
    }
}

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
    void repeatedFractionsKeepTheirTextWhetherRememberedOrNot() throws IOException {
        // a pool larger than the table of remembered texts: hits, misses and values that evict
        // each other from one slot, in random order
        SplittableRandom random = new SplittableRandom(31);
        float[] pool = new float[20_000];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = i % 2 == 0 ? (float) random.nextDouble(-1, 1) : random.nextInt(1, 50) / 7f;
        }
        List<Float> values = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            values.add(pool[random.nextInt(i % 3 == 0 ? pool.length : 64)]);
        }

        assertWrittenAsFloatToString(values);
    }

    @Test
    void nonFiniteValuesAreWrittenAsTheGeneratorWritesThem() throws IOException {
        for (float v : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            ByteArrayOutputStream generators = new ByteArrayOutputStream();
            try (JsonGenerator g = new JsonFactory().createGenerator(ours);
                    JsonGenerator h = new JsonFactory().createGenerator(generators)) {
                ContractJson.writeFeature(g, v);
                h.writeNumber(v);
            }
            assertThat(ours.toString(StandardCharsets.UTF_8))
                    .isEqualTo(generators.toString(StandardCharsets.UTF_8));
        }
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

    @Test
    void aDecisionIsWrittenAsTheContractSpellsIt() {
        Decision scored =
                new Decision(
                        "c-7",
                        1_767_225_600_000L,
                        1_767_225_600_005L,
                        true,
                        Decision.Stage.SIVT,
                        List.of("score_above_threshold", "ip_velocity"),
                        0.8125,
                        0.5,
                        "mobile/logged_in",
                        "m1",
                        "c1",
                        "v2",
                        new float[] {3f, 0.8660254f, -0.0f},
                        2,
                        "r-\"1\"");
        Decision givt =
                new Decision(
                        "c-8",
                        5L,
                        6L,
                        true,
                        Decision.Stage.GIVT,
                        List.of(),
                        Double.NaN,
                        Double.NaN,
                        "other/anonymous",
                        null,
                        null,
                        null,
                        new float[0],
                        0,
                        null);

        assertThat(new String(ContractJson.write(scored), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"click_id\":\"c-7\",\"event_ts\":1767225600000,"
                            + "\"decided_ts\":1767225600005,\"invalid\":true,\"stage\":\"SIVT\","
                            + "\"reasons\":[\"score_above_threshold\",\"ip_velocity\"],"
                            + "\"score\":0.8125,\"threshold\":0.5,\"slice\":\"mobile/logged_in\","
                            + "\"model_version\":\"m1\",\"calibration_version\":\"c1\","
                            + "\"feature_version\":\"v2\",\"features\":[3.0,0.8660254,-0.0],"
                            + "\"revision\":2,\"replay_id\":\"r-\\\"1\\\"\"}");
        assertThat(new String(ContractJson.write(givt), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"click_id\":\"c-8\",\"event_ts\":5,\"decided_ts\":6,\"invalid\":true,"
                            + "\"stage\":\"GIVT\",\"reasons\":[],\"score\":null,\"threshold\":null,"
                            + "\"slice\":\"other/anonymous\",\"model_version\":null,"
                            + "\"calibration_version\":null,\"feature_version\":null,"
                            + "\"features\":[],\"revision\":0,\"replay_id\":null}");
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

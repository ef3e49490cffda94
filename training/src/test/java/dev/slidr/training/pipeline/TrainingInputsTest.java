package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Conversion;
import dev.slidr.contract.RfmRow;
import dev.slidr.rules.dedupe.DuplicateClickPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input rows are counted by input and reason, never fatal. */
class TrainingInputsTest {

    static final long T0 = WeakLabelsTest.T0;

    @Test
    void repeatedClicksUnknownConversionsAndRepeatedCustomersAreCounted() {
        InputReport report = new InputReport();
        TrainingInputs in =
                TrainingInputs.of(
                        List.of(
                                WeakLabelsTest.click("a", T0, null, false),
                                WeakLabelsTest.click("a", T0 + 1, null, false),
                                WeakLabelsTest.click("b", T0 + 2, null, false)),
                        List.of(
                                new Conversion("a", T0 + 5, Conversion.Kind.PURCHASE),
                                new Conversion("zz", T0 + 5, Conversion.Kind.PURCHASE)),
                        List.of(new RfmRow("u", 5, 5, 5), new RfmRow("u", 1, 1, 1)),
                        null,
                        report);
        assertThat(in.clicks()).extracting(c -> c.ts()).containsExactly(T0, T0 + 2);
        assertThat(in.purchases()).containsOnlyKeys("a");
        assertThat(in.rfmScores()).containsExactly(Map.entry("u", 5.0));
        assertThat(report.rejected(TrainingInputs.CLICKS)).containsEntry("duplicate_click_id", 1L);
        assertThat(report.rejected(TrainingInputs.CONVERSIONS))
                .containsEntry("unknown_click_id", 1L);
        assertThat(report.rejected(TrainingInputs.RFM)).containsEntry("duplicate_customer_id", 1L);
    }

    @Test
    void aClickIdRepeatedAfterTheLiveDedupeWindowCountsAgain() {
        InputReport report = new InputReport();
        long window = Duration.ofHours(1).toMillis();
        TrainingInputs in =
                TrainingInputs.of(
                        List.of(
                                WeakLabelsTest.click("a", T0, null, false),
                                WeakLabelsTest.click("a", T0 + window - 1, null, false),
                                WeakLabelsTest.click("a", T0 + window, null, false)),
                        List.of(),
                        List.of(),
                        null,
                        report,
                        new DuplicateClickPolicy(Duration.ofHours(1)));

        assertThat(in.clicks()).extracting(c -> c.ts()).containsExactly(T0, T0 + window);
        assertThat(report.rejected(TrainingInputs.CLICKS)).containsEntry("duplicate_click_id", 1L);
    }

    @Test
    void screenedClicksAreLeftOutAndCountedByTheirReason() {
        InputReport report = new InputReport();
        report.read(TrainingInputs.CLICKS, true);
        report.read(TrainingInputs.CLICKS, true);
        report.read(TrainingInputs.CLICKS, true);
        TrainingInputs in =
                TrainingInputs.of(
                        List.of(
                                WeakLabelsTest.click("a", T0, null, false),
                                WeakLabelsTest.click("bot", T0 + 1, null, false),
                                WeakLabelsTest.click("b", T0 + 2, "u", true)),
                        List.of(new Conversion("b", T0 + 5, Conversion.Kind.PURCHASE)),
                        List.of(),
                        Map.of("a", false, "bot", true, "b", false),
                        report);

        TrainingInputs screened =
                in.screened(c -> c.clickId().equals("bot") ? "givt_declared_robot" : null);

        assertThat(screened.clicks()).extracting(c -> c.clickId()).containsExactly("a", "b");
        assertThat(screened.purchases()).containsOnlyKeys("b");
        assertThat(screened.truth()).isEqualTo(in.truth());
        assertThat(report.accepted(TrainingInputs.CLICKS)).isEqualTo(2);
        assertThat(report.rejected(TrainingInputs.CLICKS))
                .containsExactly(Map.entry("givt_declared_robot", 1L));
        assertThat(in.clicks()).hasSize(3);
    }

    @Test
    void malformedLinesAndTruthRowsAreRejectedWithTheirReason(@TempDir Path tmp) throws Exception {
        Path clicks =
                Files.writeString(
                        tmp.resolve("clicks.jsonl"),
                        "{\"click_id\":\"a\",\"ts\":1748836800000,\"user_id\":null,"
                                + "\"session_id\":\"s\",\"ip\":\"10.0.0.1\",\"user_agent\":\"x\","
                                + "\"device\":\"desktop\",\"logged_in\":false,\"ad_id\":\"ad\","
                                + "\"advertiser_id\":\"adv\",\"placement\":\"p\"}\n"
                                + "{oops\n"
                                + "{\"click_id\":\"b\"}\n");
        Path conversions =
                Files.writeString(
                        tmp.resolve("conversions.csv"), "click_id,ts,kind\na,x,purchase\n");
        Path rfm =
                Files.writeString(
                        tmp.resolve("rfm.csv"),
                        "customer_id,recency,frequency,monetary\nc1,9,1,1\nc2,4,4,4\n");
        Path truth =
                Files.writeString(
                        tmp.resolve("truth.csv"),
                        "click_id,is_robot,kind\na,maybe,x\n,true,x\nb,true,crawler\n");
        TrainingInputs in = TrainingInputs.read(clicks, null, conversions, rfm, truth);
        InputReport r = in.report();
        assertThat(in.clicks()).hasSize(1);
        assertThat(r.read(TrainingInputs.CLICKS)).isEqualTo(3);
        assertThat(r.rejected(TrainingInputs.CLICKS))
                .containsEntry("malformed_json", 1L)
                .containsEntry("missing_field", 1L);
        assertThat(r.rejectedTotal(TrainingInputs.CONVERSIONS)).isEqualTo(1);
        assertThat(r.rejected(TrainingInputs.RFM)).containsEntry("invalid_value", 1L);
        assertThat(r.rejected(TrainingInputs.TRUTH))
                .containsEntry("invalid_value", 1L)
                .containsEntry("null_field", 1L);
        assertThat(in.truth()).containsExactly(Map.entry("b", true));
    }
}

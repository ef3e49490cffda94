package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Conversion;
import dev.slidr.contract.ReasonCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conversions that cannot belong to their click are counted under their own reasons. */
class ConversionAttributionTest {

    static final long T0 = WeakLabelsTest.T0;
    static final long HOUR = 3_600_000L;

    @Test
    void earlyLateAndRepeatedConversionsAreCountedAndLeftOut() {
        List<Conversion> conversions = new ArrayList<>();
        conversions.add(new Conversion("a", T0 + HOUR, Conversion.Kind.PURCHASE));
        conversions.add(new Conversion("a", T0 - HOUR, Conversion.Kind.PURCHASE));
        conversions.add(new Conversion("b", T0 + 30 * 24 * HOUR, Conversion.Kind.PURCHASE));
        conversions.add(new Conversion("b", T0 + 24 * HOUR, Conversion.Kind.PURCHASE));
        for (int i = 0; i < 300; i++) {
            conversions.add(new Conversion("c", T0 + 2 * HOUR, Conversion.Kind.PURCHASE));
        }
        InputReport report = new InputReport();
        for (int i = 0; i < conversions.size(); i++) {
            report.read(TrainingInputs.CONVERSIONS, true);
        }
        TrainingInputs in =
                TrainingInputs.of(
                                List.of(
                                        WeakLabelsTest.click("a", T0, null, false),
                                        WeakLabelsTest.click("b", T0, null, false),
                                        WeakLabelsTest.click("c", T0, null, false)),
                                conversions,
                                List.of(),
                                null,
                                report)
                        .attributed(Duration.ofHours(24));

        assertThat(in.purchases()).containsOnlyKeys("a", "b", "c");
        assertThat(in.purchases().get("a")).containsExactly(T0 + HOUR);
        assertThat(in.purchases().get("b")).containsExactly(T0 + 24 * HOUR);
        assertThat(in.purchases().get("c")).containsExactly(T0 + 2 * HOUR);
        assertThat(report.read(TrainingInputs.CONVERSIONS)).isEqualTo(304);
        assertThat(report.accepted(TrainingInputs.CONVERSIONS)).isEqualTo(3);
        assertThat(report.rejected(TrainingInputs.CONVERSIONS))
                .isEqualTo(
                        Map.of(
                                ReasonCode.CONVERSION_BEFORE_CLICK.wireName(), 1L,
                                ReasonCode.CONVERSION_OUTSIDE_WINDOW.wireName(), 1L,
                                ReasonCode.DUPLICATE_CONVERSION.wireName(), 299L));
    }
}

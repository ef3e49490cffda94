package dev.slidr.contract;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.testing.Clicks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Behaviour of the strict decoders beyond the corpus: normalization, limits, precedence. */
class ContractReaderTest {

    private static final String CLICK =
            "{\"click_id\":\"c-1\",\"ts\":%d,\"user_id\":\"u-1\",\"session_id\":\"s-1\","
                    + "\"ip\":\"%s\",\"user_agent\":\"Mozilla/5.0\",\"device\":\"mobile\","
                    + "\"logged_in\":true,\"ad_id\":\"ad-1\",\"advertiser_id\":\"adv-1\","
                    + "\"placement\":\"top\"}";

    private static byte[] click(long ts, String ip) {
        return String.format(CLICK, ts, ip).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource({
        "203.0.113.7, 203.0.113.7",
        "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "::ffff:203.0.113.7, 203.0.113.7",
        "::FFFF:CB00:7107, 203.0.113.7",
        "0:0:0:0:0:0:0:1, ::1",
        "FE80::1, fe80::1"
    })
    void normalizesIpAddressesToOneCanonicalForm(String input, String canonical) {
        Click parsed = ContractJson.readClick(click(T0.toEpochMilli(), input)).value();
        assertThat(parsed.ip()).isEqualTo(canonical);
    }

    @Test
    void readsWhatTheSharedFixtureWrites() {
        Click click = Clicks.builder("alice", "10.0.0.1", T0).anonymous().build();
        assertThat(ContractJson.readClick(ContractJson.write(click)).value()).isEqualTo(click);
    }

    @Test
    void ignoresUnknownFieldsOfAnyShape() {
        String json =
                new String(click(T0.toEpochMilli(), "10.0.0.1"), StandardCharsets.UTF_8)
                        .replace("{\"click_id\"", "{\"v\":2,\"geo\":{\"c\":[1,2]},\"click_id\"");
        assertThat(ContractJson.readClick(utf8(json)).isOk()).isTrue();
    }

    @Test
    void checksSizeBeforeEncodingAndSyntax() {
        byte[] big = new byte[ParseLimits.DEFAULT_MAX_RECORD_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 0xFF);
        assertThat(ContractJson.readClick(big).reasonOrNull()).isEqualTo(ReasonCode.OVERSIZED);
    }

    @Test
    void aSyntaxErrorLaterInTheDocumentOutranksAnEarlierBadField() {
        byte[] json = utf8("{\"ts\":\"soon\",\"click_id\":\"c-1\",}");
        assertThat(ContractJson.readClick(json).reasonOrNull())
                .isEqualTo(ReasonCode.MALFORMED_JSON);
    }

    @Test
    void aBadFieldOutranksAMissingOne() {
        byte[] json = utf8("{\"ts\":\"soon\"}");
        assertThat(ContractJson.readClick(json).reasonOrNull()).isEqualTo(ReasonCode.WRONG_TYPE);
    }

    @Test
    void reportsTheFirstMissingFieldInSchemaOrder() {
        Parsed<Click> parsed = ContractJson.readClick(utf8("{\"placement\":\"top\"}"));
        assertThat(parsed.reasonOrNull()).isEqualTo(ReasonCode.MISSING_FIELD);
        assertThat(((Parsed.Rejected<Click>) parsed).message()).contains("click_id");
    }

    @Test
    void namesTheFieldAndQuotesHostileValuesSafely() {
        byte[] json = click(T0.toEpochMilli(), "999.1.1.1");
        Parsed.Rejected<Click> rejected = (Parsed.Rejected<Click>) ContractJson.readClick(json);
        assertThat(rejected.reason()).isEqualTo(ReasonCode.INVALID_IP);
        assertThat(rejected.message()).startsWith("ip \"999.1.1.1\"");

        String rtl =
                new String(click(T0.toEpochMilli(), "10.0.0.1"), StandardCharsets.UTF_8)
                        .replace("mobile", "mob\u202eile");
        Parsed.Rejected<Click> device = (Parsed.Rejected<Click>) ContractJson.readClick(utf8(rtl));
        assertThat(device.reason()).isEqualTo(ReasonCode.INVALID_DEVICE);
        assertThat(device.message()).contains("mob\\u202eile").doesNotContain("\u202e");
    }

    @Test
    void appliesConfiguredLimits() {
        ContractReader strict =
                new ContractReader(
                        ParseLimits.builder()
                                .maxRecordBytes(100)
                                .maxIdLength(2)
                                .timestampWindow(T0, T0.plus(Duration.ofDays(1)))
                                .build());
        byte[] json = click(T0.toEpochMilli(), "10.0.0.1");
        assertThat(strict.click(json).reasonOrNull()).isEqualTo(ReasonCode.OVERSIZED);

        ContractReader shortIds = new ContractReader(ParseLimits.builder().maxIdLength(2).build());
        assertThat(shortIds.click(json).reasonOrNull()).isEqualTo(ReasonCode.FIELD_TOO_LONG);

        ContractReader oneDay =
                new ContractReader(
                        ParseLimits.builder()
                                .timestampWindow(T0, T0.plus(Duration.ofDays(1)))
                                .build());
        assertThat(oneDay.click(json).isOk()).isTrue();
        assertThat(oneDay.click(click(T0.toEpochMilli() - 1, "10.0.0.1")).reasonOrNull())
                .isEqualTo(ReasonCode.TIMESTAMP_OUT_OF_RANGE);
    }

    @Test
    void appliesRelativeTimeBoundsAgainstTheClock() {
        InstantSource now = InstantSource.fixed(T0);
        ContractReader live =
                new ContractReader(
                        ParseLimits.builder()
                                .clock(now)
                                .maxFutureSkew(Duration.ofMinutes(5))
                                .maxAge(Duration.ofDays(7))
                                .build());
        long t0 = T0.toEpochMilli();
        assertThat(live.click(click(t0 + Duration.ofMinutes(5).toMillis(), "10.0.0.1")).isOk())
                .isTrue();
        assertThat(live.click(click(t0 + Duration.ofMinutes(6).toMillis(), "10.0.0.1")))
                .extracting(Parsed::reasonOrNull)
                .isEqualTo(ReasonCode.TIMESTAMP_OUT_OF_RANGE);
        assertThat(live.click(click(t0 - Duration.ofDays(8).toMillis(), "10.0.0.1")))
                .extracting(Parsed::reasonOrNull)
                .isEqualTo(ReasonCode.TIMESTAMP_OUT_OF_RANGE);
        // the same old click is fine for replay, which leaves the relative bounds off
        assertThat(
                        ContractJson.readClick(
                                        click(t0 - Duration.ofDays(8).toMillis(), "10.0.0.1"))
                                .isOk())
                .isTrue();
    }

    @Test
    void depthLimitCountsTheRecordObjectAsOne() {
        ContractReader shallow = new ContractReader(ParseLimits.builder().maxDepth(2).build());
        String base = new String(click(T0.toEpochMilli(), "10.0.0.1"), StandardCharsets.UTF_8);
        String depth2 = base.replace("{\"click_id\"", "{\"x\":[1],\"click_id\"");
        String depth3 = base.replace("{\"click_id\"", "{\"x\":[[1]],\"click_id\"");
        assertThat(shallow.click(utf8(depth2)).isOk()).isTrue();
        assertThat(shallow.click(utf8(depth3)).reasonOrNull()).isEqualTo(ReasonCode.TOO_DEEP);
    }

    @Test
    void writesAnUnscoredDecisionWithNullScoreAndReadsItBack() {
        Decision givt =
                Decision.givt(
                        "c-9",
                        T0.toEpochMilli(),
                        T0.toEpochMilli() + 3,
                        java.util.List.of("declared_bot"),
                        "desktop/anonymous");
        String json = new String(ContractJson.write(givt), StandardCharsets.UTF_8);
        assertThat(json).contains("\"score\":null", "\"threshold\":null", "\"features\":[]");
        Decision back = ContractJson.readDecision(utf8(json)).value();
        assertThat(back).isEqualTo(givt);
        assertThat(back.scored()).isFalse();
    }

    @Test
    void deadLetterKeepsAtMost32KibOfTheOriginalAndItsFullLength() {
        byte[] huge = new byte[100_000];
        DeadLetter letter =
                DeadLetter.of(
                        huge,
                        ReasonCode.OVERSIZED,
                        "record has 100000 bytes",
                        "clicks",
                        0,
                        7,
                        T0.toEpochMilli());
        assertThat(letter.original()).hasSize(DeadLetter.MAX_ORIGINAL_BYTES);
        assertThat(letter.originalLength()).isEqualTo(100_000);
        assertThat(letter.truncated()).isTrue();
        byte[] json = ContractJson.write(letter);
        assertThat(json.length).isLessThanOrEqualTo(ParseLimits.DEFAULT_MAX_DEAD_LETTER_BYTES);
        assertThat(ContractJson.readDeadLetter(json).value()).isEqualTo(letter);
    }

    @Test
    void deadLetterFromARejectionCarriesItsReason() {
        byte[] bad = utf8("{\"ts\":true}");
        Parsed.Rejected<Click> rejected = (Parsed.Rejected<Click>) ContractJson.readClick(bad);
        DeadLetter letter = DeadLetter.of(bad, rejected, "clicks", 2, 40, T0.toEpochMilli());
        assertThat(letter.reason()).isEqualTo(ReasonCode.WRONG_TYPE);
        assertThat(letter.message()).isEqualTo("ts must be an integer, was a boolean");
        assertThat(letter.original()).isEqualTo(bad);
    }

    @Test
    void everyReasonCodeHasAUniqueLowerCaseWireName() {
        Map<String, ReasonCode> byName = new java.util.HashMap<>();
        for (ReasonCode code : ReasonCode.values()) {
            assertThat(code.wireName()).matches("[a-z0-9_]+");
            assertThat(byName.put(code.wireName(), code)).isNull();
            assertThat(ReasonCode.fromWireName(code.wireName())).contains(code);
        }
        assertThat(ReasonCode.fromWireName("OVERSIZED")).isEmpty();
    }

    @Test
    void mapAndValueExposeTheOutcome() {
        Parsed<Click> ok = ContractJson.readClick(click(T0.toEpochMilli(), "10.0.0.1"));
        assertThat(ok.map(Click::clickId).value()).isEqualTo("c-1");
        Parsed<Click> bad = ContractJson.readClick(utf8("{"));
        assertThat(bad.map(Click::clickId).reasonOrNull()).isEqualTo(ReasonCode.MALFORMED_JSON);
        org.assertj.core.api.Assertions.assertThatThrownBy(bad::value)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("rejected (malformed_json)");
    }

    @Test
    void defaultWindowIsTheDocumentedOne() {
        assertThat(ParseLimits.defaults().minTimestamp())
                .isEqualTo(Instant.parse("2000-01-01T00:00:00Z").toEpochMilli());
        assertThat(ParseLimits.defaults().maxTimestamp())
                .isEqualTo(Instant.parse("2100-01-01T00:00:00Z").toEpochMilli());
    }
}

package dev.slidr.contract;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every record written by {@link ContractJson} reads back equal, for generated records. */
class ContractRoundTripTest {

    private static final long MIN_TS = ParseLimits.DEFAULT_MIN_TIMESTAMP.toEpochMilli();
    private static final long MAX_TS = ParseLimits.DEFAULT_MAX_TIMESTAMP.toEpochMilli() - 1;

    @Property(tries = 300)
    void clickRoundTrips(@ForAll("clicks") Click click) {
        assertThat(ContractJson.readClick(ContractJson.write(click)).value()).isEqualTo(click);
    }

    @Property(tries = 100)
    void conversionRoundTrips(@ForAll("conversions") Conversion conversion) {
        assertThat(ContractJson.readConversion(ContractJson.write(conversion)).value())
                .isEqualTo(conversion);
    }

    @Property(tries = 100)
    void rfmRowRoundTrips(@ForAll("rfmRows") RfmRow row) {
        assertThat(ContractJson.readRfmRow(ContractJson.write(row)).value()).isEqualTo(row);
    }

    @Property(tries = 300)
    void decisionRoundTripsWithTheExactFeatureVector(@ForAll("decisions") Decision decision) {
        Decision back = ContractJson.readDecision(ContractJson.write(decision)).value();
        assertThat(back).isEqualTo(decision);
        // bit-for-bit: a re-scored decision must see the very floats the model saw
        for (int i = 0; i < decision.featureCount(); i++) {
            assertThat(Float.floatToIntBits(back.feature(i)))
                    .isEqualTo(Float.floatToIntBits(decision.feature(i)));
        }
    }

    @Property(tries = 200)
    void deadLetterRoundTripsTheOriginalBytes(@ForAll("deadLetters") DeadLetter deadLetter) {
        DeadLetter back = ContractJson.readDeadLetter(ContractJson.write(deadLetter)).value();
        assertThat(back).isEqualTo(deadLetter);
        assertThat(back.original()).isEqualTo(deadLetter.original());
    }

    @Provide
    Arbitrary<Click> clicks() {
        Arbitrary<Boolean> loggedIn = Arbitraries.of(true, false);
        return Combinators.combine(
                        Combinators.combine(
                                        ids(), timestamps(), ids().injectNull(0.3), ids(), ips())
                                .as(ClickHead::new),
                        texts(),
                        Arbitraries.of(Device.class),
                        loggedIn,
                        ids(),
                        ids(),
                        ids())
                .as(
                        (head, ua, device, in, ad, advertiser, placement) ->
                                new Click(
                                        head.clickId,
                                        head.ts,
                                        in && head.userId == null ? "u" : head.userId,
                                        head.sessionId,
                                        head.ip,
                                        ua,
                                        device,
                                        in,
                                        ad,
                                        advertiser,
                                        placement));
    }

    private record ClickHead(String clickId, long ts, String userId, String sessionId, String ip) {}

    @Provide
    Arbitrary<Conversion> conversions() {
        return Combinators.combine(ids(), timestamps())
                .as((id, ts) -> new Conversion(id, ts, Conversion.Kind.PURCHASE));
    }

    @Provide
    Arbitrary<RfmRow> rfmRows() {
        Arbitrary<Integer> score = Arbitraries.integers().between(1, 5);
        return Combinators.combine(ids(), score, score, score).as(RfmRow::new);
    }

    @Provide
    Arbitrary<Decision> decisions() {
        Arbitrary<float[]> features =
                Arbitraries.floats().filter(Float::isFinite).array(float[].class).ofMaxSize(40);
        Arbitrary<Double> scores =
                Arbitraries.oneOf(
                        Arbitraries.doubles().between(0, 1), Arbitraries.just(Double.NaN));
        return Combinators.combine(
                        Combinators.combine(
                                        ids(),
                                        timestamps(),
                                        timestamps(),
                                        Arbitraries.of(Decision.Stage.class),
                                        ids().list().ofMaxSize(5))
                                .as(DecisionHead::new),
                        scores,
                        scores,
                        ids(),
                        ids().injectNull(0.2),
                        features,
                        Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        ids().injectNull(0.5))
                .as(
                        (head, score, threshold, slice, version, vector, revision, replay) ->
                                new Decision(
                                        head.clickId,
                                        head.eventTs,
                                        head.decidedTs,
                                        head.stage != Decision.Stage.NONE,
                                        head.stage,
                                        head.reasons,
                                        score,
                                        threshold,
                                        slice,
                                        version,
                                        version == null ? null : version + "-cal",
                                        version == null ? null : "v1",
                                        vector,
                                        revision,
                                        replay));
    }

    private record DecisionHead(
            String clickId,
            long eventTs,
            long decidedTs,
            Decision.Stage stage,
            java.util.List<String> reasons) {}

    @Provide
    Arbitrary<DeadLetter> deadLetters() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Combinators.combine(
                        bytes,
                        Arbitraries.longs().between(0, 10_000),
                        Arbitraries.of(ReasonCode.class),
                        texts(),
                        ids().injectNull(0.2),
                        Arbitraries.integers().between(-1, 1000),
                        Arbitraries.longs().between(-1, Long.MAX_VALUE),
                        timestamps())
                .as(
                        (original, extra, reason, message, topic, partition, offset, ts) ->
                                new DeadLetter(
                                        original,
                                        original.length + extra,
                                        reason,
                                        message,
                                        topic,
                                        partition,
                                        offset,
                                        ts));
    }

    /** Identifiers: printable ASCII, Latin, Cyrillic and CJK; never hostile characters. */
    static Arbitrary<String> ids() {
        return safeChars().ofMinLength(1).ofMaxLength(40);
    }

    static Arbitrary<String> texts() {
        return safeChars().ofMinLength(0).ofMaxLength(200);
    }

    private static net.jqwik.api.arbitraries.StringArbitrary safeChars() {
        return Arbitraries.strings()
                .withCharRange(' ', '~')
                .withCharRange('\u00a0', '\u04ff')
                .withCharRange('\u4e00', '\u4fff');
    }

    static Arbitrary<Long> timestamps() {
        return Arbitraries.longs().between(MIN_TS, MAX_TS);
    }

    /** Canonical IPv4 and IPv6 (global unicast, so never IPv4-mapped) host addresses. */
    static Arbitrary<String> ips() {
        Arbitrary<String> v4 =
                Arbitraries.bytes()
                        .array(byte[].class)
                        .ofSize(4)
                        .map(b -> new IPv4Address(b).toCanonicalString());
        Arbitrary<String> v6 =
                Arbitraries.bytes()
                        .array(byte[].class)
                        .ofSize(14)
                        .map(
                                b -> {
                                    byte[] full = new byte[16];
                                    full[0] = 0x20;
                                    full[1] = 0x01;
                                    System.arraycopy(b, 0, full, 2, 14);
                                    return new IPv6Address(full).toCanonicalString();
                                });
        return Arbitraries.oneOf(v4, v6);
    }

    @Property(tries = 50)
    void writtenClickIsCompactUtf8Json(@ForAll("clicks") Click click) {
        byte[] bytes = ContractJson.write(click);
        assertThat(bytes.length).isLessThan(ParseLimits.DEFAULT_MAX_RECORD_BYTES);
        assertThat(Arrays.copyOf(bytes, 1)).containsExactly('{');
    }
}

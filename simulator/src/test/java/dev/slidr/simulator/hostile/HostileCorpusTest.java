package dev.slidr.simulator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.ReasonCode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The corpus is deterministic, holds every kind, and every record's label is what the contract's
 * decoder does with it: the labelled reason, or the click with its canonical IP.
 */
class HostileCorpusTest {

    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    @Test
    void sameSeedMakesTheSameRecords() {
        List<HostileRecord> a = new HostileCorpus(7, 1 << 20).records(500, START);
        List<HostileRecord> b = new HostileCorpus(7, 1 << 20).records(500, START);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).label()).isEqualTo(b.get(i).label());
            assertThat(a.get(i).value()).isEqualTo(b.get(i).value());
            assertThat(a.get(i).key()).isEqualTo(b.get(i).key());
            assertThat(a.get(i).expected()).isEqualTo(b.get(i).expected());
        }
        List<HostileRecord> other = new HostileCorpus(8, 1 << 20).records(500, START);
        assertThat(other.stream().map(HostileRecord::label).toList())
                .isNotEqualTo(a.stream().map(HostileRecord::label).toList());
    }

    @Test
    void anyRunOfFourteenRecordsHoldsEveryKind() {
        HostileCorpus corpus = new HostileCorpus(3, 1 << 20);
        Set<HostileKind> kinds = new HashSet<>();
        for (long seq = 1000; seq < 1000 + HostileCorpus.kinds(); seq++) {
            kinds.add(corpus.record(seq, START.toEpochMilli()).kind());
        }
        assertThat(kinds).containsExactlyInAnyOrder(HostileKind.values());
    }

    @Test
    void everyRecordGetsTheReasonItIsLabelledWith() {
        ContractReader reader = ContractReader.defaults();
        Map<HostileKind, Integer> perKind = new EnumMap<>(HostileKind.class);
        Set<String> variants = new HashSet<>();
        for (HostileRecord record : new HostileCorpus(11, 1 << 20).records(10_000, START)) {
            perKind.merge(record.kind(), 1, Integer::sum);
            variants.add(record.label());
            Parsed<Click> parsed = reader.click(record.value());
            if (record.accepted()) {
                assertThat(parsed).as(record.toString()).isInstanceOf(Parsed.Ok.class);
                Click click = ((Parsed.Ok<Click>) parsed).value();
                assertThat(click.clickId()).isEqualTo(record.clickId());
                assertThat(click.ip()).as(record.toString()).isEqualTo(record.canonicalIp());
            } else {
                assertThat(parsed).as(record.toString()).isInstanceOf(Parsed.Rejected.class);
                assertThat(((Parsed.Rejected<Click>) parsed).reason())
                        .as(record + ": " + ((Parsed.Rejected<Click>) parsed).message())
                        .isEqualTo(
                                record.kind() == HostileKind.TOMBSTONE
                                        // the decoder's answer to no bytes; the job's source
                                        // gives a tombstone the same reason
                                        ? ReasonCode.MALFORMED_JSON
                                        : record.expected());
            }
        }
        assertThat(perKind).hasSize(HostileKind.values().length);
        assertThat(perKind.values()).allSatisfy(n -> assertThat(n).isGreaterThan(700));
        // every form of every kind occurs in 10,000 records
        assertThat(variants).hasSizeGreaterThan(80);
    }

    @Test
    void equivalentIpv6FormsReadAsOneAddress() {
        HostileCorpus corpus = new HostileCorpus(5, 1 << 20);
        ContractReader reader = ContractReader.defaults();
        Map<String, Set<String>> formsByCanonical = new HashMap<>();
        for (HostileRecord record : corpus.records(20_000, START)) {
            if (record.kind() == HostileKind.IPV6_FORMS && record.accepted()) {
                Click click = ((Parsed.Ok<Click>) reader.click(record.value())).value();
                assertThat(click.ip()).isEqualTo(record.canonicalIp());
                formsByCanonical
                        .computeIfAbsent(click.ip(), k -> new HashSet<>())
                        .add(record.variant());
            }
        }
        // IPv4-mapped addresses come from a small pool, so their forms meet on one address
        assertThat(formsByCanonical.values())
                .anySatisfy(
                        forms ->
                                assertThat(forms)
                                        .contains(
                                                "ipv4_mapped",
                                                "ipv4_mapped_full",
                                                "ipv4_mapped_hex"));
    }

    @Test
    void theFirstHugeRecordIsTheLargest() {
        HostileCorpus corpus = new HostileCorpus(1, HostileCorpus.DEFAULT_LARGEST_BYTES);
        HostileRecord first = corpus.record(1, START.toEpochMilli());
        assertThat(first.kind()).isEqualTo(HostileKind.HUGE_RECORD);
        assertThat(first.valueLength()).isEqualTo(10 * 1024 * 1024);
        assertThat(first.expected()).isEqualTo(ReasonCode.OVERSIZED);
        HostileRecord next = corpus.record(1 + HostileCorpus.kinds(), START.toEpochMilli());
        assertThat(next.valueLength()).isBetween(16 * 1024 + 1, 64 * 1024);
    }

    @Test
    void refusesACorpusWithoutRoomForHugeRecords() {
        assertThatThrownBy(() -> new HostileCorpus(1, 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("largestBytes");
        assertThatThrownBy(() -> new HostileCorpus(1, 1 << 20).record(-1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.slidr.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.ContractReader;
import org.junit.jupiter.api.Test;

/**
 * The soak's input is what its check assumes: every click is valid for the job's parser (so each
 * must be decided), every malformed record is rejected (so each must be a dead letter).
 */
class SoakTrafficTest {

    private final ContractReader reader = ContractReader.defaults();

    @Test
    void everyClickIsValidAndCarriesItsIndex() {
        for (long i = 0; i < 20_000; i += 7) {
            Click click = SoakTraffic.click(i);
            assertThat(reader.click(ContractJson.write(click)).isOk()).as("click %d", i).isTrue();
            assertThat(SoakTraffic.indexOf(click.clickId())).isEqualTo(i);
        }
    }

    @Test
    void everyMalformedRecordIsRejected() {
        for (long k = 0; k < 30; k++) {
            byte[] bad = SoakTraffic.malformed(SoakTraffic.click(k * 100), k);
            assertThat(reader.click(bad).isOk()).as("malformed record %d", k).isFalse();
        }
    }

    @Test
    void spreadsTheHostileRecordsEvenlyAndSendsThemAll() {
        assertThat(SoakTraffic.hostileDue(999, 10_000, 1000)).isEqualTo(10_000);
        assertThat(SoakTraffic.hostileDue(0, 10_000, 1000)).isEqualTo(10);
        assertThat(SoakTraffic.hostileDue(99_999, 10_000, 100_000)).isEqualTo(10_000);
        assertThat(SoakTraffic.hostileDue(9, 10_000, 100_000)).isEqualTo(1);
        assertThat(SoakTraffic.hostileDue(8, 10_000, 100_000)).isZero();
        assertThat(SoakTraffic.hostileDue(5, 0, 100)).isZero();
        long previous = 0;
        for (long i = 0; i < 7777; i++) {
            long due = SoakTraffic.hostileDue(i, 1234, 7777);
            assertThat(due).isBetween(previous, previous + 1);
            previous = due;
        }
        assertThat(previous).isEqualTo(1234);
    }

    @Test
    void anIdThatIsNotASoakClickHasNoIndex() {
        assertThat(SoakTraffic.indexOf("click-5")).isEqualTo(-1);
        assertThat(SoakTraffic.indexOf("soak-")).isEqualTo(-1);
        assertThat(SoakTraffic.indexOf("soak-x1")).isEqualTo(-1);
    }
}

package dev.slidr.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

    /** A clock that only moves when the pacer sleeps or the test says so. */
    private static final class TestingTicker implements Pacer.Ticker {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    @Test
    void releasesEventsAtTheConfiguredRate() throws Exception {
        TestingTicker ticker = new TestingTicker();
        Pacer pacer = new Pacer(100, ticker);
        long start = ticker.now;
        for (int i = 0; i < 101; i++) {
            pacer.acquire();
        }
        // the 101st event is due exactly one second after the first
        assertThat(ticker.now - start).isEqualTo(1_000_000_000L);
        assertThat(ticker.sleeps).hasSize(100).allMatch(n -> n == 10_000_000L);
    }

    @Test
    void catchesUpAfterAStallWithoutSleeping() throws Exception {
        TestingTicker ticker = new TestingTicker();
        Pacer pacer = new Pacer(10, ticker);
        pacer.acquire();
        ticker.now += 1_000_000_000L; // a one-second stall: ten events are overdue
        for (int i = 0; i < 10; i++) {
            pacer.acquire();
        }
        assertThat(ticker.sleeps).isEmpty();
        pacer.acquire();
        assertThat(ticker.sleeps).containsExactly(100_000_000L);
    }

    @Test
    void zeroRateNeverWaits() throws Exception {
        TestingTicker ticker = new TestingTicker();
        Pacer pacer = new Pacer(0, ticker);
        for (int i = 0; i < 1000; i++) {
            pacer.acquire();
        }
        assertThat(ticker.sleeps).isEmpty();
    }

    @Test
    void rejectsNegativeAndNonFiniteRates() {
        assertThatThrownBy(() -> new Pacer(-1, new TestingTicker()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new Pacer(Double.NaN, new TestingTicker()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacer(Double.POSITIVE_INFINITY, new TestingTicker()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

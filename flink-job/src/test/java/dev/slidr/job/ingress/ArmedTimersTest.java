package dev.slidr.job.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the remembered timers skip: only a timer registered here that cannot have fired. */
class ArmedTimersTest {

    @Test
    void aRegisteredTimerIsSkippedUntilTheWatermarkReachesIt() {
        ArmedTimers armed = new ArmedTimers(8);

        assertThat(armed.register("u-1", 100, 0)).isTrue();
        assertThat(armed.register("u-1", 100, 0)).isFalse();
        assertThat(armed.register("u-1", 100, 99)).isFalse();
        // the watermark at the timer's time fires it: it must be registered again
        assertThat(armed.register("u-1", 100, 100)).isTrue();
    }

    @Test
    void anotherTimeOrAnotherKeyIsRegistered() {
        ArmedTimers armed = new ArmedTimers(8);
        armed.register("u-1", 100, 0);

        assertThat(armed.register("u-1", 200, 0)).isTrue();
        // the slot now remembers 200: 100 is registered again, which Flink ignores
        assertThat(armed.register("u-1", 100, 0)).isTrue();
        assertThat(armed.register("u-2", 100, 0)).isTrue();
    }

    @Test
    void aKeyThatLostItsSlotIsRegisteredAgain() {
        ArmedTimers armed = new ArmedTimers(1);
        armed.register("u-1", 100, 0);
        armed.register("u-2", 100, 0);

        assertThat(armed.register("u-2", 100, 0)).isFalse();
        assertThat(armed.register("u-1", 100, 0)).isTrue();
    }

    @Test
    void anEqualKeyOfAnotherInstanceIsTheSameKey() {
        ArmedTimers armed = new ArmedTimers(1024);
        armed.register(new String("u-1".toCharArray()), 100, 0);

        assertThat(armed.register(new String("u-1".toCharArray()), 100, 0)).isFalse();
    }

    @Test
    void refusesASlotCountThatIsNotAPowerOfTwo() {
        assertThatThrownBy(() -> new ArmedTimers(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slots must be a power of two, was 0");
        assertThatThrownBy(() -> new ArmedTimers(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slots must be a power of two, was 3");
    }
}

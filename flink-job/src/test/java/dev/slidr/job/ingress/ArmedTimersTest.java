package dev.slidr.job.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the remembered timers answer: only a timer registered here that cannot have fired. */
class ArmedTimersTest {

    @Test
    void aRegisteredTimerIsArmedUntilTheWatermarkReachesIt() {
        ArmedTimers armed = new ArmedTimers(8);
        assertThat(armed.isArmed("u-1", 100, 0)).isFalse();

        armed.armed("u-1", 100);

        assertThat(armed.isArmed("u-1", 100, 0)).isTrue();
        assertThat(armed.isArmed("u-1", 100, 99)).isTrue();
        // the watermark at the timer's time fires it: it must be registered again
        assertThat(armed.isArmed("u-1", 100, 100)).isFalse();
        assertThat(armed.isArmed("u-1", 200, 0)).isFalse();
        assertThat(armed.isArmed("u-2", 100, 0)).isFalse();
    }

    @Test
    void aKeyThatLostItsSlotIsRegisteredAgain() {
        ArmedTimers armed = new ArmedTimers(1);
        armed.armed("u-1", 100);
        armed.armed("u-2", 100);

        assertThat(armed.isArmed("u-1", 100, 0)).isFalse();
        assertThat(armed.isArmed("u-2", 100, 0)).isTrue();
    }

    @Test
    void anEqualKeyOfAnotherInstanceIsTheSameKey() {
        ArmedTimers armed = new ArmedTimers(1024);
        armed.armed(new String("u-1".toCharArray()), 100);

        assertThat(armed.isArmed(new String("u-1".toCharArray()), 100, 0)).isTrue();
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

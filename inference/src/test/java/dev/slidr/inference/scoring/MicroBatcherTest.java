package dev.slidr.inference.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Batches by size and by processing-time delay, without threads or clocks of its own. */
class MicroBatcherTest {

    @Test
    void handsOutABatchWhenItIsFull() {
        MicroBatcher<Integer> batcher = new MicroBatcher<>(3, 100);
        assertThat(batcher.add(1, 0)).isEmpty();
        assertThat(batcher.add(2, 1)).isEmpty();
        assertThat(batcher.add(3, 2)).contains(List.of(1, 2, 3));
        assertThat(batcher.isEmpty()).isTrue();
        assertThat(batcher.deadline()).isEqualTo(MicroBatcher.NO_DEADLINE);
    }

    @Test
    void handsOutABatchWhenItsOldestItemHasWaitedTheDelay() {
        MicroBatcher<String> batcher = new MicroBatcher<>(10, 5);
        batcher.add("a", 100);
        batcher.add("b", 103);
        assertThat(batcher.deadline()).isEqualTo(105);
        assertThat(batcher.poll(104)).isEmpty();
        assertThat(batcher.poll(105)).contains(List.of("a", "b"));
        assertThat(batcher.poll(200)).isEmpty();
        // the next batch's clock starts at its own first item
        batcher.add("c", 300);
        assertThat(batcher.deadline()).isEqualTo(305);
    }

    @Test
    void anItemArrivingAfterTheDeadlineTakesTheOverdueBatchWithIt() {
        MicroBatcher<String> batcher = new MicroBatcher<>(10, 5);
        batcher.add("a", 0);
        assertThat(batcher.add("b", 7)).contains(List.of("a", "b"));
    }

    @Test
    void aZeroDelayBatchesNothing() {
        MicroBatcher<String> batcher = new MicroBatcher<>(10, 0);
        assertThat(batcher.add("a", 42)).contains(List.of("a"));
    }

    @Test
    void drainsEverythingWaiting() {
        MicroBatcher<Integer> batcher = new MicroBatcher<>(10, 1000);
        batcher.add(1, 0);
        batcher.add(2, 0);
        assertThat(batcher.size()).isEqualTo(2);
        assertThat(batcher.drain()).containsExactly(1, 2);
        assertThat(batcher.drain()).isEmpty();
    }

    @Test
    void aHugeDelayDoesNotOverflowTheDeadline() {
        MicroBatcher<Integer> batcher = new MicroBatcher<>(10, Long.MAX_VALUE);
        batcher.add(1, 1_000);
        assertThat(batcher.deadline()).isGreaterThan(1_000);
        assertThat(batcher.poll(Long.MAX_VALUE - 2)).isEmpty();
    }

    @Test
    void refusesNonsenseBounds() {
        assertThatThrownBy(() -> new MicroBatcher<>(0, 5)).hasMessageContaining("batch size");
        assertThatThrownBy(() -> new MicroBatcher<>(5, -1)).hasMessageContaining("delay");
        assertThatThrownBy(() -> new MicroBatcher<>(5, 1).add(null, 0))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void neverLosesReordersOrOverfillsItemsInRandomTraffic() {
        Random random = new Random(3);
        for (int run = 0; run < 200; run++) {
            int max = 1 + random.nextInt(16);
            long delay = random.nextInt(20);
            MicroBatcher<Integer> batcher = new MicroBatcher<>(max, delay);
            List<Integer> out = new ArrayList<>();
            long now = 0;
            int items = random.nextInt(300);
            for (int i = 0; i < items; i++) {
                now += random.nextInt(4);
                long before = batcher.isEmpty() ? now : batcher.deadline();
                if (random.nextInt(5) == 0) {
                    batcher.poll(now).ifPresent(out::addAll);
                }
                List<Integer> batch = batcher.add(i, now).orElse(List.of());
                assertThat(batch.size()).isLessThanOrEqualTo(max);
                if (!batch.isEmpty() && batch.size() < max) {
                    assertThat(now).isGreaterThanOrEqualTo(before);
                }
                out.addAll(batch);
                // an item waits at most the delay, counted from the batch's first item
                assertThat(batcher.isEmpty() || batcher.deadline() > now).isTrue();
            }
            out.addAll(batcher.drain());
            assertThat(out).hasSize(items);
            for (int i = 0; i < items; i++) {
                assertThat(out.get(i)).isEqualTo(i);
            }
        }
    }
}

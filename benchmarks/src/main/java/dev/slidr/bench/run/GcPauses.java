package dev.slidr.bench.run;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The stop-the-world pauses of this JVM's garbage collector so far: how many, and how long in all.
 *
 * <p>A latency phase runs the job, the broker and the producer in this one JVM, so every pause
 * stops every stage at once; the clicks read during a pause of 25 ms wait 25 ms more, which at
 * 5,000 clicks/s is more than the 0.1 % of clicks the p99.9 allows. The bench reports each phase's
 * pauses beside its percentiles so a tail can be told apart from the job's own stalls.
 *
 * <p>Only the collectors' pause beans count: G1, Parallel and Serial report their pauses as
 * collections of a generation; ZGC and Shenandoah have a bean for their pauses and one for their
 * concurrent cycles, which stop nothing and are left out.
 */
record GcPauses(long count, long millis) {

    /** The pauses so far. */
    static GcPauses now() {
        return of(ManagementFactory.getGarbageCollectorMXBeans());
    }

    static GcPauses of(List<GarbageCollectorMXBean> beans) {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean bean : beans) {
            if (isPauses(bean.getName())) {
                count += Math.max(0, bean.getCollectionCount());
                millis += Math.max(0, bean.getCollectionTime());
            }
        }
        return new GcPauses(count, millis);
    }

    /** Whether a collector bean of this name counts pauses rather than concurrent cycles. */
    static boolean isPauses(String beanName) {
        return !beanName.contains("Cycles") && !beanName.contains("Concurrent");
    }

    /** The pauses between {@code earlier} and this. */
    GcPauses since(GcPauses earlier) {
        return new GcPauses(count - earlier.count, millis - earlier.millis);
    }

    /** The collector's name, from its beans (e.g. {@code G1}, {@code ZGC}). */
    static String collector() {
        List<String> names = new ArrayList<>();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            names.add(bean.getName());
        }
        return String.join(", ", names);
    }
}

package dev.slidr.job.kafka;

import org.apache.flink.connector.base.DeliveryGuarantee;

/** How the job's Kafka sinks write: transactionally per checkpoint, or as soon as possible. */
public enum DeliveryMode {
    /**
     * Kafka transactions committed at each checkpoint: a {@code read_committed} consumer sees every
     * record once, and only after the checkpoint that covers it completes.
     */
    EXACTLY_ONCE,
    /**
     * Plain produce, flushed at each checkpoint: records are visible within milliseconds, and a
     * restart may write some of them again (consumers dedupe by the record key).
     */
    AT_LEAST_ONCE;

    DeliveryGuarantee guarantee() {
        return this == EXACTLY_ONCE
                ? DeliveryGuarantee.EXACTLY_ONCE
                : DeliveryGuarantee.AT_LEAST_ONCE;
    }
}

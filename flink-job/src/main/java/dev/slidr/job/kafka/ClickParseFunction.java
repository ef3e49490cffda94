package dev.slidr.job.kafka;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.ReasonCode;
import dev.slidr.inference.flink.DeadLetterSerializer;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Decodes raw click records with {@link ContractReader}: valid clicks go to the main output, every
 * other record (tombstone, oversized, malformed, invalid) leaves on {@link #DEAD_LETTERS} with its
 * reason, original bytes and source coordinates, and is counted per reason. Nothing is dropped.
 *
 * <p>Metrics, under the operator's group {@code ingress}: {@code clicks_parsed}, {@code
 * tombstones}, and one {@code dead_letters} counter per reason code in a key/value group {@code
 * reason=<wire name>} (a Prometheus label), every one registered at start so that a reason that
 * never occurred reports 0 instead of being absent.
 */
public final class ClickParseFunction extends ProcessFunction<RawRecord, Click> {

    private static final long serialVersionUID = 1L;

    /** Rejected records, as dead letters. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", DeadLetterSerializer.TYPE_INFO);

    /** The key of the per-reason metric group (its value is the reason's wire name). */
    public static final String REASON_KEY = "reason";

    /** The per-reason dead-letter counter. */
    public static final String DEAD_LETTERS_METRIC = "dead_letters";

    private final SerializableSupplier<ContractReader> readers;

    private transient ContractReader reader;
    private transient Counter parsed;
    private transient Counter tombstones;
    private transient Map<ReasonCode, Counter> rejected;

    /** Parses with the default contract limits. */
    public ClickParseFunction() {
        this(ContractReader::defaults);
    }

    /**
     * Parses with the reader {@code readers} gives; it is called once per subtask, on the task
     * manager, since a reader (with its clock) is not serializable.
     */
    public ClickParseFunction(SerializableSupplier<ContractReader> readers) {
        this.readers = readers;
    }

    @Override
    public void open(OpenContext openContext) {
        reader = readers.get();
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("ingress");
        parsed = group.counter("clicks_parsed");
        tombstones = group.counter("tombstones");
        rejected = new EnumMap<>(ReasonCode.class);
        for (ReasonCode reason : ReasonCode.values()) {
            rejected.put(
                    reason,
                    group.addGroup(REASON_KEY, reason.wireName()).counter(DEAD_LETTERS_METRIC));
        }
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Click> out) {
        long now = ctx.timerService().currentProcessingTime();
        DeadLetter unreadable = raw.unreadable("a click", now);
        if (unreadable != null) {
            if (raw.tombstone()) {
                tombstones.inc();
            }
            reject(ctx, unreadable);
            return;
        }
        Parsed<Click> click = reader.click(raw.value());
        if (click instanceof Parsed.Ok<Click> ok) {
            parsed.inc();
            out.collect(ok.value());
        } else {
            reject(ctx, raw.rejected((Parsed.Rejected<Click>) click, now));
        }
    }

    private void reject(Context ctx, DeadLetter letter) {
        rejected.get(letter.reason()).inc();
        ctx.output(DEAD_LETTERS, letter);
    }
}

package dev.slidr.job.kafka;

import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.control.ControlCodec;
import dev.slidr.contract.control.ControlCommand;
import dev.slidr.inference.flink.ControlRecord;
import dev.slidr.inference.flink.DeadLetterSerializer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks control records against the control contract ({@link ControlCodec}): valid commands go on
 * to the scoring subtasks, every other record leaves on {@link #DEAD_LETTERS} with its reason and
 * changes nothing. Commands are rare and matter, so each one is logged.
 *
 * <p>Metrics, under the operator's group {@code control}: {@code commands} and {@code
 * dead_letters}.
 */
public final class ControlParseFunction extends ProcessFunction<RawRecord, ControlRecord> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ControlParseFunction.class);

    /** Control records that are not valid commands, as dead letters. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("control-dead-letters", DeadLetterSerializer.TYPE_INFO);

    private transient Counter commands;
    private transient Counter rejected;

    @Override
    public void open(OpenContext openContext) {
        var group = getRuntimeContext().getMetricGroup().addGroup("control");
        commands = group.counter("commands");
        rejected = group.counter("dead_letters");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ControlRecord> out) {
        long now = ctx.timerService().currentProcessingTime();
        String where = raw.topic() + "/" + raw.partition() + "@" + raw.offset();
        DeadLetter unreadable = raw.unreadable("a command", now);
        if (unreadable != null) {
            reject(ctx, where, unreadable);
            return;
        }
        Parsed<ControlCommand> parsed = ControlCodec.decode(raw.value());
        if (parsed instanceof Parsed.Rejected<ControlCommand> bad) {
            reject(ctx, where, raw.rejected(bad, now));
            return;
        }
        commands.inc();
        LOG.info("Control command at {}: {}", where, parsed.value());
        out.collect(
                new ControlRecord(
                        raw.value(), raw.timestamp(), raw.topic(), raw.partition(), raw.offset()));
    }

    private void reject(Context ctx, String where, DeadLetter letter) {
        rejected.inc();
        LOG.warn(
                "Control record at {} is not a command ({}: {}); nothing changes",
                where,
                letter.reason().wireName(),
                letter.message());
        ctx.output(DEAD_LETTERS, letter);
    }
}

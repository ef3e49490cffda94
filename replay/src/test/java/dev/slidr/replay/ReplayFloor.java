package dev.slidr.replay;

import dev.slidr.feature.flink.Keying;
import dev.slidr.job.kafka.RawRecord;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * The floor of a file replay on this machine, for docs/benchmarks.md (issue 9, "The replay's
 * floor"): what a replay costs with none of its work. It reads the files as a replay does ({@link
 * PreparedClicks}: every row's time, the work file), then runs a job of the replay's shape on the
 * replay's settings: the work file as the same source with the clicks' times, one keyed exchange, a
 * keyed task holding a heap value per key (a counter, read and written per click), the records
 * packed into batches in that task ({@link SerializedBatches}), the collect sink, and the command's
 * thread writing a line per click to a file. The line is the click's own JSON, about as long as a
 * decision. No click is parsed, screened, pseudonymized, deduplicated, featured, scored or encoded:
 * the time it takes is what the replay's design costs before any of that.
 *
 * <pre>
 * java -Xmx4g -XX:MetaspaceSize=256m -XX:+UseParallelGC -XX:-TieredCompilation \
 *     -cp ... dev.slidr.replay.ReplayFloor CLICKS FROM TO OUT_FILE [one|three|discard]
 * </pre>
 *
 * <p>The clicks are keyed by their line number, over 100,000 keys (about the users of a simulated
 * week). {@code one} (the default): one keyed state. {@code three}: then two more, keyed in place
 * in the same task as the replay keys its ad and IP stages ({@link Keying#IN_PLACE}), over 20,000
 * and 30,000 keys (the week's ads and IPs). {@code discard}: one keyed state, and the keyed task
 * drops the clicks instead of packing them (nothing is collected or written), to tell the job's
 * part of the floor from the collecting and writing.
 */
public final class ReplayFloor {

    private static final int USERS = 100_000;
    private static final int ADS = 20_000;
    private static final int IPS = 30_000;

    private ReplayFloor() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Path clicks = Path.of(args[0]);
        ReplayWindow window =
                new ReplayWindow(Instant.parse(args[1]), Instant.parse(args[2]), Duration.ZERO);
        Path out = Path.of(args[3]);
        String mode = args.length > 4 ? args[4] : "one";
        if (!List.of("one", "three", "discard").contains(mode)) {
            throw new IllegalArgumentException("mode must be one, three or discard: " + mode);
        }
        Path work = Files.createTempFile("replay-floor", ".work");
        AtomicLong deadLetters = new AtomicLong();
        try {
            PreparedClicks prepared =
                    PreparedClicks.prepare(
                            new ReplaySource.Files(List.of(clicks), null),
                            window,
                            work,
                            d -> deadLetters.incrementAndGet(),
                            new ReplayListener() {});
            long read = System.nanoTime();
            System.err.printf(
                    "read %,d clicks (%,d dead letters) after %.2f s%n",
                    prepared.clicks(), deadLetters.get(), (read - start) / 1e9);
            // the replay's settings: no checkpoints, no restarts, heap state, one subtask
            Configuration conf = new Configuration();
            ReplayRun.runAsBounded(conf, RuntimeExecutionMode.STREAMING);
            conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            long written = 0;
            long first = -1;
            DataStream<RawRecord> clicked =
                    env.fromSource(
                                    PreparedClickSource.of(prepared),
                                    WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(
                                                    Duration.ofSeconds(5))
                                            .withTimestampAssigner((raw, ts) -> raw.timestamp()),
                                    "clicks")
                            .keyBy(raw -> keyOf(raw, USERS), Types.INT)
                            .process(new CountPerKey());
            if (mode.equals("three")) {
                for (int keys : new int[] {ADS, IPS}) {
                    clicked =
                            DataStreamUtils.reinterpretAsKeyedStream(
                                            clicked, raw -> keyOf(raw, keys), Types.INT)
                                    .process(new CountPerKey());
                }
            }
            DataStream<byte[]> lines =
                    clicked.map(RawRecord::value)
                            .returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                            .filter(line -> !mode.equals("discard"));
            try (CloseableIterator<byte[]> it =
                            lines.transform(
                                            "collected batches",
                                            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO,
                                            new SerializedBatches<>(
                                                    PrimitiveArrayTypeInfo
                                                            .BYTE_PRIMITIVE_ARRAY_TYPE_INFO,
                                                    ReplayRun.COLLECT_BATCH_BYTES))
                                    .executeAndCollect("replay floor");
                    OutputStream file =
                            new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                var serializer =
                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO.createSerializer(
                                env.getConfig().getSerializerConfig());
                DataInputDeserializer batch = new DataInputDeserializer();
                while (it.hasNext()) {
                    batch.setBuffer(it.next());
                    while (batch.available() > 0) {
                        file.write(serializer.deserialize(batch));
                        file.write('\n');
                        if (++written == 10_000) {
                            first = System.nanoTime();
                        }
                    }
                }
            }
            long end = System.nanoTime();
            System.err.printf("wrote %,d lines; done after %.2f s%n", written, (end - start) / 1e9);
            if (first > 0) {
                System.err.printf(
                        "10,000th line after %.2f s; %,.0f clicks/s from the 10,000th to the"
                                + " last%n",
                        (first - start) / 1e9, (written - 10_000) / ((end - first) / 1e9));
            }
        } finally {
            Files.deleteIfExists(work);
        }
    }

    /** A key of {@code keys} from the click's line number: as cheap as reading a field. */
    private static int keyOf(RawRecord raw, int keys) {
        return (int) Math.floorMod(raw.offset() * 0x9E3779B97F4A7C15L, (long) keys);
    }

    /** One heap value per key, read and written per click; the click goes on as it came. */
    private static final class CountPerKey
            extends KeyedProcessFunction<Integer, RawRecord, RawRecord> {
        private static final long serialVersionUID = 1L;

        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(RawRecord raw, Context ctx, Collector<RawRecord> out)
                throws Exception {
            Long seen = count.value();
            count.update(seen == null ? 1L : seen + 1);
            out.collect(raw);
        }
    }
}

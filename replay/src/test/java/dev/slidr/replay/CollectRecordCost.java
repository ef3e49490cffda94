package dev.slidr.replay;

import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import dev.slidr.feature.flink.Utf8Strings;
import dev.slidr.inference.flink.DecisionSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.streaming.api.operators.collect.CollectCoordinationResponse;

/**
 * What collecting a decision with its advertiser costs, for docs/benchmarks.md: as a tuple of the
 * advertiser and the decision in their Flink serializers (the replay before), and as one {@code
 * byte[]} encoded in the job ({@link WindowedDecisions#decisionRecord}) and decoded on the client.
 * Each path does what the collect sink does (each record serialized through a stream wrapper of its
 * own) and what the client does ({@link CollectCoordinationResponse#getResults}, then the decode),
 * in rounds that alternate, measured in this thread's CPU time, so the ratio holds on a loaded
 * machine. Then what writing the decisions as corrections costs the client: a {@link
 * ContractJson#write(Decision)} array per line (the replay before) against {@link
 * AtomicLines#write(Decision)}'s one generator, both into an {@link AtomicLines} under {@code DIR}
 * (default {@code java.io.tmpdir}) that is dropped uncommitted.
 *
 * <pre>
 * java -cp ... dev.slidr.replay.CollectRecordCost [DECISIONS [ROUNDS [DIR]]]
 * </pre>
 */
public final class CollectRecordCost {

    private CollectRecordCost() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<Tuple2<String, Decision>> pairs = pairs(n);
        SerializerConfigImpl config = new SerializerConfigImpl();
        TypeInformation<Tuple2<String, Decision>> pairType =
                Types.TUPLE(Types.STRING, DecisionSerializer.TYPE_INFO);
        TypeSerializer<Tuple2<String, Decision>> tuples = pairType.createSerializer(config);
        @SuppressWarnings("unchecked")
        TypeSerializer<byte[]> arrays =
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO.createSerializer(config);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            sink += viaTuples(pairs, tuples);
            long t1 = cpu.getCurrentThreadCpuTime();
            sink += viaRecords(pairs, arrays);
            long t2 = cpu.getCurrentThreadCpuTime();
            System.out.printf(
                    "round=%d tuple_ns_per_decision=%.0f record_ns_per_decision=%.0f ratio=%.2f%n",
                    round,
                    (t1 - t0) / (double) n,
                    (t2 - t1) / (double) n,
                    (t1 - t0) / (double) (t2 - t1));
        }
        Path dir = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
        for (int round = 0; round < rounds; round++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            sink += linesOfArrays(pairs, dir);
            long t1 = cpu.getCurrentThreadCpuTime();
            sink += linesOfOneGenerator(pairs, dir);
            long t2 = cpu.getCurrentThreadCpuTime();
            System.out.printf(
                    "round=%d json_array_per_line_ns_per_decision=%.0f"
                            + " json_one_generator_ns_per_decision=%.0f ratio=%.2f%n",
                    round,
                    (t1 - t0) / (double) n,
                    (t2 - t1) / (double) n,
                    (t1 - t0) / (double) (t2 - t1));
        }
        System.out.println("checksum=" + sink);
    }

    private static long linesOfArrays(List<Tuple2<String, Decision>> pairs, Path dir)
            throws IOException {
        try (AtomicLines lines = new AtomicLines(dir.resolve("collect-record-cost.jsonl"))) {
            for (Tuple2<String, Decision> pair : pairs) {
                lines.write(ContractJson.write(pair.f1));
            }
            return lines.lines();
        }
    }

    private static long linesOfOneGenerator(List<Tuple2<String, Decision>> pairs, Path dir)
            throws IOException {
        try (AtomicLines lines = new AtomicLines(dir.resolve("collect-record-cost.jsonl"))) {
            for (Tuple2<String, Decision> pair : pairs) {
                lines.write(pair.f1);
            }
            return lines.lines();
        }
    }

    private static long viaTuples(
            List<Tuple2<String, Decision>> pairs, TypeSerializer<Tuple2<String, Decision>> tuples)
            throws IOException {
        List<byte[]> sent = new ArrayList<>(pairs.size());
        for (Tuple2<String, Decision> pair : pairs) {
            sent.add(sinkBytes(pair, tuples));
        }
        long sum = 0;
        for (Tuple2<String, Decision> pair :
                new CollectCoordinationResponse("v", 0, sent).getResults(tuples)) {
            sum += pair.f0.length() + pair.f1.featureCount();
        }
        return sum;
    }

    private static long viaRecords(
            List<Tuple2<String, Decision>> pairs, TypeSerializer<byte[]> arrays)
            throws IOException {
        DataOutputSerializer buffer = new DataOutputSerializer(512);
        List<byte[]> sent = new ArrayList<>(pairs.size());
        for (Tuple2<String, Decision> pair : pairs) {
            sent.add(sinkBytes(record(pair.f0, pair.f1, buffer), arrays));
        }
        long sum = 0;
        for (byte[] record : new CollectCoordinationResponse("v", 0, sent).getResults(arrays)) {
            Tuple2<String, Decision> pair = pair(record);
            sum += pair.f0.length() + pair.f1.featureCount();
        }
        return sum;
    }

    private static final DecisionSerializer DECISIONS = new DecisionSerializer();

    /** The advertiser id, then the decision's binary form, as one array. */
    private static byte[] record(
            String advertiserId, Decision decision, DataOutputSerializer buffer)
            throws IOException {
        buffer.clear();
        Utf8Strings.write(advertiserId, buffer);
        DECISIONS.serialize(decision, buffer);
        return buffer.getCopyOfBuffer();
    }

    private static Tuple2<String, Decision> pair(byte[] record) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(record);
        String advertiserId = Utf8Strings.read(in);
        return Tuple2.of(advertiserId, DECISIONS.deserialize(in));
    }

    /** As the collect sink serializes a record: a stream wrapper of its own per record. */
    private static <T> byte[] sinkBytes(T value, TypeSerializer<T> serializer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        serializer.serialize(value, new DataOutputViewStreamWrapper(bytes));
        return bytes.toByteArray();
    }

    /** Scored decisions shaped like the replay's: 28 features, a slice, versions, a click id. */
    private static List<Tuple2<String, Decision>> pairs(int n) {
        Random random = new Random(11);
        List<Tuple2<String, Decision>> pairs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] features = new float[28];
            for (int f = 0; f < features.length; f++) {
                features[f] = random.nextFloat() * 100;
            }
            boolean invalid = random.nextInt(10) == 0;
            pairs.add(
                    Tuple2.of(
                            "adv-" + random.nextInt(200),
                            new Decision(
                                    Long.toHexString(random.nextLong())
                                            + Long.toHexString(random.nextLong()),
                                    1_748_836_800_000L + i * 300L,
                                    1_749_513_600_000L,
                                    invalid,
                                    invalid ? Decision.Stage.SIVT : Decision.Stage.NONE,
                                    invalid ? List.of("model_score") : List.of(),
                                    random.nextDouble(),
                                    0.5,
                                    "desktop/anonymous",
                                    "bench",
                                    "c-bench",
                                    "v2",
                                    features,
                                    0,
                                    null)));
        }
        return pairs;
    }
}

package dev.slidr.bench.run;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.inference.flink.DecisionSerializer;
import dev.slidr.job.kafka.ClickIngress;
import dev.slidr.job.kafka.DecisionSink;
import dev.slidr.job.kafka.KafkaConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The bench's peer: the least a Flink job can do to decide clicks on the same input, the velocity
 * heuristic alone. Kafka in (the same source and parse stage as the live job) → keyBy user key →
 * clicks of the key in the event-time hour ({@link HourlyVelocityFunction}, RocksDB) → one decision
 * per click to Kafka (the same exactly-once sink). No GIVT, no pseudonymization, no dedupe, no
 * features, no model: its throughput is the ceiling the live job is compared with.
 */
final class VelocityPeerJob {

    private VelocityPeerJob() {}

    /** Adds the peer to {@code env}, reading and writing the topics of {@code kafka}. */
    static void build(StreamExecutionEnvironment env, KafkaConfig kafka, int k) {
        clicks(env, kafka)
                .keyBy(HourlyVelocityFunction::keyOf, Types.STRING)
                .process(new HourlyVelocityFunction(k))
                .returns(DecisionSerializer.TYPE_INFO)
                .uid("peer-velocity")
                .name("velocity heuristic")
                .sinkTo(DecisionSink.create(kafka))
                .uid("peer-decisions")
                .name("decisions");
    }

    /** The live job's Kafka source and parse stage on the clicks topic of {@code kafka}. */
    static DataStream<Click> clicks(StreamExecutionEnvironment env, KafkaConfig kafka) {
        return ClickIngress.apply(
                        env,
                        ClickIngress.sourceBuilder(kafka).build(),
                        kafka,
                        ContractReader::defaults)
                .clicks();
    }
}

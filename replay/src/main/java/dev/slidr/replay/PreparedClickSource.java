package dev.slidr.replay;

import dev.slidr.job.kafka.RawRecord;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The prepared clicks as a bounded Flink source of raw records, read record by record in file
 * order, stamped with the click time as a producer stamps the Kafka record. It must run with
 * parallelism 1: the replay keeps the order of the archive, as the live job keeps the order of a
 * partition.
 */
final class PreparedClickSource {

    private PreparedClickSource() {}

    /** A source of the {@code count} lines of {@code file}, each as one raw record. */
    static DataGeneratorSource<RawRecord> of(Path file, long count) {
        return new DataGeneratorSource<>(
                new Lines(file.toAbsolutePath().toString()),
                count,
                TypeInformation.of(RawRecord.class));
    }

    /** Record {@code i} is the work file's record {@code i}; the reader only ever moves forward. */
    private static final class Lines implements GeneratorFunction<Long, RawRecord> {
        private static final long serialVersionUID = 1L;

        private final String file;
        private transient PreparedClicks.Reader in;
        private transient long next;

        Lines(String file) {
            this.file = file;
        }

        @Override
        public void open(SourceReaderContext context) throws IOException {
            in = new PreparedClicks.Reader(Path.of(file));
            next = 0;
        }

        @Override
        public RawRecord map(Long index) throws IOException {
            // one split from 0 with parallelism 1: indexes arrive in order
            while (next < index) {
                in.next();
                next++;
            }
            byte[] value = in.next();
            next++;
            return new RawRecord(
                    PreparedClicks.SOURCE, 0, index, in.time(), value, value.length, false);
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}

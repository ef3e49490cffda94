package dev.slidr.replay;

import dev.slidr.job.kafka.RawRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * A source of the prepared clicks, each as one raw record whose topic is the file it came from
     * and whose offset is its line there (partition -1), as a rejected row's dead letter names it.
     */
    static DataGeneratorSource<RawRecord> of(PreparedClicks prepared) {
        return new DataGeneratorSource<>(
                new Lines(prepared.file().toAbsolutePath().toString(), prepared.sources()),
                prepared.clicks(),
                TypeInformation.of(RawRecord.class));
    }

    /** Record {@code i} is the work file's record {@code i}; the reader only ever moves forward. */
    private static final class Lines implements GeneratorFunction<Long, RawRecord> {
        private static final long serialVersionUID = 1L;

        private final String file;
        private final String[] sources;
        private transient PreparedClicks.Reader in;
        private transient long next;

        Lines(String file, List<String> sources) {
            this.file = file;
            this.sources = sources.toArray(String[]::new);
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
                    sources[in.source()], -1, in.line(), in.time(), value, value.length, false);
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}

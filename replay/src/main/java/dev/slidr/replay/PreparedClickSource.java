package dev.slidr.replay;

import dev.slidr.job.kafka.RawRecord;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The prepared clicks as a bounded Flink source of raw records, read line by line in file order,
 * stamped with the click time as a producer stamps the Kafka record. It must run with parallelism
 * 1: the replay keeps the order of the archive, as the live job keeps the order of a partition.
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

    /** Record {@code i} is line {@code i}; the reader only ever moves forward. */
    private static final class Lines implements GeneratorFunction<Long, RawRecord> {
        private static final long serialVersionUID = 1L;

        private final String file;
        private transient InputStream in;
        private transient long next;
        private transient ByteArrayOutputStream line;

        Lines(String file) {
            this.file = file;
        }

        @Override
        public void open(SourceReaderContext context) throws IOException {
            in = new BufferedInputStream(Files.newInputStream(Path.of(file)), 1 << 16);
            line = new ByteArrayOutputStream(512);
            next = 0;
        }

        @Override
        public RawRecord map(Long index) throws IOException {
            // one split from 0 with parallelism 1: indexes arrive in order
            while (next < index) {
                readLine();
            }
            // each line: the click time, a space, the click's contract JSON
            byte[] bytes = readLine();
            int space = 0;
            long ts = 0;
            while (bytes[space] != ' ') {
                ts = ts * 10 + (bytes[space++] - '0');
            }
            byte[] value = Arrays.copyOfRange(bytes, space + 1, bytes.length);
            return new RawRecord(PreparedClicks.SOURCE, 0, index, ts, value, value.length, false);
        }

        private byte[] readLine() throws IOException {
            line.reset();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                throw new UncheckedIOException(
                        new IOException("prepared clicks " + file + " ended early"));
            }
            next++;
            return line.toByteArray();
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}

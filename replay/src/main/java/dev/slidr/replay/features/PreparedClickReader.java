package dev.slidr.replay.features;

import dev.slidr.contract.Click;
import dev.slidr.feature.flink.ClickSerializer;
import dev.slidr.feature.flink.IngestedClick;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;

/**
 * The clicks of a training run in log order, written once by the client in the job's own click
 * format ({@link ClickSerializer}) and read back by a bounded source of parallelism 1, each click
 * stamped with its number in the log (from 1) where the live job stamps its read time: the row
 * writer orders the rows by it, and nothing in the feature pass measures latency.
 */
final class PreparedClickReader implements GeneratorFunction<Long, IngestedClick> {

    private static final long serialVersionUID = 1L;

    private final String file;
    private transient InputStream in;
    private transient DataInputViewStreamWrapper view;
    private transient long next;

    private PreparedClickReader(String file) {
        this.file = file;
    }

    /** A source of the {@code count} clicks of {@code file}, in file order. */
    static DataGeneratorSource<IngestedClick> source(Path file, long count) {
        return new DataGeneratorSource<>(
                new PreparedClickReader(file.toAbsolutePath().toString()),
                count,
                IngestedClick.TYPE_INFO);
    }

    /** The number a click of log number {@code seq} (from 0) carries through the stages. */
    static long stamp(long seq) {
        // 0 means "no read time" to the stages; the log's first click is 1
        return seq + 1;
    }

    /** The log number (from 0) of a click stamped by {@link #stamp}. */
    static long seqOf(long stamp) {
        return stamp - 1;
    }

    @Override
    public void open(SourceReaderContext context) throws IOException {
        in = new BufferedInputStream(Files.newInputStream(Path.of(file)), 1 << 16);
        view = new DataInputViewStreamWrapper(in);
        next = 0;
    }

    @Override
    public IngestedClick map(Long index) throws IOException {
        // one split from 0 with parallelism 1: indexes arrive in order
        while (next < index) {
            ClickSerializer.INSTANCE.deserialize(view);
            next++;
        }
        Click click = ClickSerializer.INSTANCE.deserialize(view);
        next++;
        return new IngestedClick(click, stamp(index));
    }

    @Override
    public void close() throws Exception {
        if (in != null) {
            in.close();
        }
    }

    /** Writes the clicks the source reads. */
    static final class Writer implements Closeable {
        private final BufferedOutputStream out;
        private final DataOutputViewStreamWrapper view;
        private long count;

        Writer(Path file) throws IOException {
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
            this.view = new DataOutputViewStreamWrapper(out);
        }

        void write(Click click) throws IOException {
            ClickSerializer.INSTANCE.serialize(click, view);
            count++;
        }

        long count() {
            return count;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}

package dev.slidr.contract.input;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads the records of one input, each as an {@link InputRow} holding the record or its rejection;
 * a bad record never stops the reader.
 *
 * <pre>{@code
 * try (RecordReader<Click> clicks = JsonLinesReader.clicks(path, ContractReader.defaults())) {
 *     clicks.forEachRemaining(row -> ...);
 *     System.out.println(clicks.counts());
 * }
 * }</pre>
 *
 * <p>An I/O failure of the input itself (a truncated gzip stream, a vanished file) is not a bad
 * record: {@code next()} throws {@link UncheckedIOException} naming the input and position.
 */
public interface RecordReader<T> extends Iterator<InputRow<T>>, Closeable {

    /** What has been read so far. */
    InputCounts counts();

    /** The remaining rows as a sequential stream; closing the stream closes the reader. */
    default Stream<InputRow<T>> stream() {
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
                .onClose(
                        () -> {
                            try {
                                close();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
    }
}

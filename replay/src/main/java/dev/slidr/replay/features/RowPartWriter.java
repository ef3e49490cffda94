package dev.slidr.replay.features;

import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.flink.FeaturedClick;
import dev.slidr.training.pipeline.LabelSpec;
import dev.slidr.training.pipeline.RowLabels;
import dev.slidr.training.rows.RowFile;
import dev.slidr.training.rows.RowParts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The last stage of the Flink feature pass: joins each featured click with its labels and truth
 * ({@link RowLabels}, read by every subtask from the small label files) and writes its row, with
 * the click's number in the log, to this subtask's part file. The part appears under its final name
 * only once the input has ended; a failed or cancelled subtask leaves no part behind.
 */
final class RowPartWriter extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<FeaturedClick, Void>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** Accumulator of the rows written, over every subtask. */
    static final String ROWS = "rows";

    private final String dir;
    private final LabelSpec labels;

    private transient RowLabels join;
    private transient RowFile.Row row;
    private transient RowParts.Writer out;
    private transient Path temporary;
    private transient Path complete;

    RowPartWriter(Path dir, LabelSpec labels) {
        this.dir = dir.toAbsolutePath().toString();
        this.labels = labels;
    }

    /** The part file of subtask {@code index}. */
    static Path part(Path dir, int index) {
        return dir.resolve(String.format(java.util.Locale.ROOT, "part-%05d.rows", index));
    }

    @Override
    public void open() throws Exception {
        super.open();
        join = labels.open();
        row = new RowFile.Row(FeatureSchema.CURRENT.size());
        int index = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        complete = part(Path.of(dir), index);
        temporary = complete.resolveSibling("." + complete.getFileName() + ".inprogress");
        out = new RowParts.Writer(temporary);
    }

    @Override
    public void processElement(StreamRecord<FeaturedClick> element) throws IOException {
        FeaturedClick c = element.getValue();
        System.arraycopy(c.features(), 0, row.x, 0, row.x.length);
        join.fill(row, c.click());
        out.write(PreparedClickReader.seqOf(c.readMicros()), row);
    }

    @Override
    public void endInput() throws IOException {
        out.close();
        getRuntimeContext().getLongCounter(ROWS).add(out.rows());
        Files.move(temporary, complete, StandardCopyOption.ATOMIC_MOVE);
        out = null;
    }

    @Override
    public void close() throws Exception {
        try {
            if (out != null) {
                // the input did not end: no part
                out.close();
                Files.deleteIfExists(temporary);
            }
        } finally {
            super.close();
        }
    }
}

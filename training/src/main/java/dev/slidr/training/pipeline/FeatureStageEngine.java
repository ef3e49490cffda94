package dev.slidr.training.pipeline;

import dev.slidr.contract.Click;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The dedupe rule, the GIVT screen and the three keyed feature stages run by another engine (a
 * Flink job) over the clicks of a training run: {@link FeaturePass#run(TrainingRequest, Path,
 * FeatureStageEngine)} reads the inputs, hands the engine every click in log order, and orders the
 * rows it writes back into one {@link dev.slidr.training.rows.RowFile}.
 */
public interface FeatureStageEngine extends Closeable {

    /** Takes the next click of the log; the first click is number 0, the next 1, and so on. */
    void add(Click click) throws IOException;

    /**
     * Runs the stages over every click added, each row joined with {@code labels}, and writes the
     * rows, each with its click's number, as {@link dev.slidr.training.rows.RowParts} files.
     *
     * @throws IOException when the engine fails (one line: what went wrong)
     */
    Outcome finish(LabelSpec labels) throws IOException;

    /**
     * What the engine wrote and left out.
     *
     * @param parts the row part files, complete
     * @param leftOut clicks left out, by reason ({@code duplicate_click_id} and the screen's {@code
     *     givt_*} codes)
     */
    record Outcome(List<Path> parts, Map<String, Long> leftOut) {}
}

package dev.slidr.training.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The heap a training run needs at least, from its inputs' sizes, checked before anything is read:
 * a fixed part (the JVM, ONNX Runtime, the trainer), the truth's hashes (18 bytes a row), the
 * sampled training rows (about 170 bytes each, {@code --max-train-rows}) and the calibration rows
 * (about 60 bytes each, at most {@link TrainingPipeline#MAX_CALIBRATION_ONLY_ROWS}). A lower bound:
 * a run refused here would certainly fail later; one that passes may still need more.
 */
final class MemoryEstimate {

    private static final long FIXED = 128L << 20;
    // about 390 bytes a click in JSON lines, 150 in CSV; gzip about six times smaller
    private static final long BYTES_PER_CLICK = 300;

    private MemoryEstimate() {}

    /** Bytes the run needs at least. */
    static long needed(TrainingRequest request) throws IOException {
        long clickBytes = 0;
        for (Path f : ClickLog.files(request.clicks())) {
            long size = Files.size(f);
            clickBytes += f.getFileName().toString().endsWith(".gz") ? size * 6 : size;
        }
        long clicks = clickBytes / BYTES_PER_CLICK;
        long truthRows = request.truth() == null ? 0 : Files.size(request.truth()) / 40;
        long sampled = Math.min(clicks, request.config().maxTrainRows());
        long calibration = Math.min(clicks, TrainingPipeline.MAX_CALIBRATION_ONLY_ROWS);
        return FIXED + truthRows * 18 + sampled * 170 + calibration * 60;
    }

    /**
     * Refuses the run in one line when the heap is smaller than {@link #needed}.
     *
     * @throws IOException naming the settings to change
     */
    static void check(TrainingRequest request) throws IOException {
        long needed = needed(request);
        long max = Runtime.getRuntime().maxMemory();
        if (needed > max) {
            throw new IOException(
                    String.format(
                            Locale.ROOT,
                            "not enough memory: these inputs need at least %,d MiB of heap, the"
                                    + " JVM has %,d MiB; raise it with SLIDR_JAVA_OPTS=-Xmx..."
                                    + " or sample fewer rows with --max-train-rows",
                            needed >> 20,
                            max >> 20));
        }
    }
}

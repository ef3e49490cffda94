package dev.slidr.training.pipeline;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Where a feature pass's row writer finds the labels to join its rows with, and how it joins them:
 * the label files and the settings of {@link RowLabels}, as plain values so that it travels to the
 * workers of a distributed pass, each of which reads the (small) label files itself.
 *
 * @param conversions the conversions file
 * @param rfm the RFM table
 * @param truth the ground truth file, or null
 * @param attributionMillis the attribution window of purchases
 * @param rfmCut the RFM score at and above which a logged-in customer's click is human
 * @param zone the zone of the local hour and weekday
 * @param velocityK high velocity = user clicks in 1 h greater than this
 * @param verdicts a reviewer's verdicts on entities, or null
 */
public record LabelSpec(
        String conversions,
        String rfm,
        String truth,
        long attributionMillis,
        double rfmCut,
        String zone,
        int velocityK,
        EntityVerdicts verdicts)
        implements Serializable {

    /** The label sources and settings of a training request. */
    public static LabelSpec of(TrainingRequest request) {
        TrainingConfig c = request.config();
        return new LabelSpec(
                request.conversions().toString(),
                request.rfm().toString(),
                request.truth() == null ? null : request.truth().toString(),
                c.attributionWindow().toMillis(),
                c.rfmCut(),
                c.zone().getId(),
                c.velocityK(),
                request.verdicts());
    }

    /** Reads the label files and returns the join of rows with them. */
    public RowLabels open() throws IOException {
        return LabelSources.read(
                        Path.of(conversions),
                        Path.of(rfm),
                        truth == null ? null : Path.of(truth),
                        new InputReport())
                .labels(Duration.ofMillis(attributionMillis), rfmCut, ZoneId.of(zone), velocityK)
                .withVerdicts(verdicts);
    }
}

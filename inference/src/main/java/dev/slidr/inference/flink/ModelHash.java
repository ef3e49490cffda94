package dev.slidr.inference.flink;

import dev.slidr.inference.decision.DeployedModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * The identity of a deployed model's content, kept beside its version in checkpointed state: the
 * SHA-256 of its ONNX graph, its calibration version and every slice threshold (in slice-name
 * order), so a restored job can tell that a version still names the model it scored with.
 */
final class ModelHash {

    private ModelHash() {}

    static String of(DeployedModel model) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(model.onnx());
            sha.update((byte) 0);
            StringBuilder thresholds = new StringBuilder(model.thresholds().calibrationVersion());
            new TreeMap<>(model.thresholds().thresholds())
                    .forEach(
                            (slice, t) ->
                                    thresholds.append('\n').append(slice).append('=').append(t));
            model.thresholds()
                    .defaultThreshold()
                    .ifPresent(t -> thresholds.append("\ndefault=").append(t));
            sha.update(thresholds.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

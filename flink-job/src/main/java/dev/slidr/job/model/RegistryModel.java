package dev.slidr.job.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slidr.registry.BundleVerificationException;
import dev.slidr.registry.ModelBundle;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.ModelRegistryException;
import dev.slidr.registry.calibration.CalibrationFile;
import dev.slidr.registry.calibration.CalibrationResult;
import dev.slidr.registry.calibration.SliceCalibration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The live job's model from the registry: the stable bundle (or a pinned version), loaded with
 * every checksum verified ({@code run --registry}, the job jar, the demo, replay, the benchmarks
 * read it through {@link BundleModels}). {@link #writeModelDir} writes it as a {@code --model-dir}
 * directory for {@code models export} only, for a job that cannot read the registry.
 *
 * <pre>{@code
 * ModelBundle bundle = RegistryModel.resolve(RegistryModel.openExisting("s3://slidr/registry"), null);
 * Path dir = RegistryModel.writeModelDir(bundle, Path.of("/opt/slidr/model"));
 * }</pre>
 */
public final class RegistryModel {

    /** The registry cannot give a usable model; the message says why and what to do. */
    public static final class UnusableModelException extends Exception {
        private static final long serialVersionUID = 1L;

        UnusableModelException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private RegistryModel() {}

    /**
     * The registry at a directory or a file system URI, which must exist: a mistyped location is an
     * error, not an empty registry.
     */
    public static ModelRegistry openExisting(String location) throws IOException {
        ModelRegistry registry =
                location.contains("://")
                        ? ModelRegistry.open(location)
                        : ModelRegistry.open(Path.of(location));
        if (!registry.exists()) {
            throw new IOException(
                    "no registry at "
                            + location
                            + ": "
                            + ModelRegistry.REGISTRY_FILE
                            + " not found (nothing was ever registered there)");
        }
        return registry;
    }

    /**
     * The stable bundle ({@code version} null) or the registered {@code version}, verified.
     *
     * @throws UnusableModelException no stable model, an unknown or refused version, a bundle that
     *     fails verification, a corrupt registry
     */
    public static ModelBundle resolve(ModelRegistry registry, String version)
            throws UnusableModelException {
        String where = registry.root().toString();
        try {
            if (version == null) {
                Optional<String> stable = registry.stableVersion();
                if (stable.isEmpty()) {
                    throw new UnusableModelException(
                            "the registry at "
                                    + where
                                    + " has no stable model; promote one with bin/slidr models"
                                    + " promote VERSION, or pin one with --model-version",
                            null);
                }
                version = stable.get();
            }
            ModelBundle bundle = registry.load(version);
            // the calibration must be usable before anything starts
            CalibrationFile.fromJson(bundle.calibrationJson());
            return bundle;
        } catch (ModelRegistryException e) {
            throw new UnusableModelException(e.getMessage() + " (registry " + where + ")", e);
        } catch (BundleVerificationException e) {
            throw new UnusableModelException(
                    "model "
                            + version
                            + " in "
                            + where
                            + " does not verify, nothing was started: "
                            + e.getMessage()
                            + "; roll back with bin/slidr models rollback or pin another version"
                            + " with --model-version",
                    e);
        } catch (CalibrationFile.InvalidCalibrationFileException e) {
            throw new UnusableModelException(
                    "model " + version + " in " + where + ": calibration.json: " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new UnusableModelException(
                    "cannot read the registry at " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the bundle as the job's model directory: the ONNX graph, and the calibration's
     * per-slice thresholds with the manifest's reference features.
     */
    public static Path writeModelDir(ModelBundle bundle, Path dir) throws IOException {
        CalibrationResult calibration = CalibrationFile.fromJson(bundle.calibrationJson());
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("model_version", bundle.version());
        root.put("feature_version", bundle.manifest().featureVersion());
        root.put("calibration_version", calibration.version());
        root.put("slicing", calibration.slicing());
        ObjectNode thresholds = root.putObject("thresholds");
        for (SliceCalibration slice : calibration.slices()) {
            thresholds.put(slice.slice(), slice.threshold());
        }
        ArrayNode reference = root.putArray("reference_features");
        for (float f : bundle.manifest().referenceFeatures()) {
            reference.add(f);
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.onnx"), bundle.model());
        Files.writeString(
                dir.resolve("thresholds.json"),
                json.writerWithDefaultPrettyPrinter().writeValueAsString(root),
                StandardCharsets.UTF_8);
        return dir;
    }
}

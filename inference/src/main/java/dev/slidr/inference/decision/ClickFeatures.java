package dev.slidr.inference.decision;

import dev.slidr.contract.Click;
import java.util.Objects;

/**
 * A click and the raw feature vector it is scored with.
 *
 * @param click the click
 * @param featureVersion the feature schema version of {@code features}
 * @param features the raw vector in schema order; read, never written
 */
public record ClickFeatures(Click click, String featureVersion, float[] features) {

    public ClickFeatures {
        Objects.requireNonNull(click, "click");
        Objects.requireNonNull(featureVersion, "featureVersion");
        Objects.requireNonNull(features, "features");
    }
}

package dev.slidr.training;

/**
 * A trained model as the live path sees it: raw features in, P(robotic) out. It is the normalizer
 * followed by the network, the same computation the exported ONNX graph performs.
 */
public record ScoringModel(FeatureNormalizer normalizer, RobotNetwork network) {

    public ScoringModel {
        if (normalizer.features() != network.features()) {
            throw new IllegalArgumentException(
                    "normalizer has "
                            + normalizer.features()
                            + " features, network "
                            + network.features());
        }
    }

    public int features() {
        return network.features();
    }

    /** P(robotic) of one raw row. */
    public double score(float[] rawRow) {
        return network.probability(normalizer.transform(rawRow));
    }

    /** P(robotic) of many raw rows. */
    public double[] score(float[][] rawRows) {
        return network.probabilities(normalizer.transform(rawRows));
    }
}

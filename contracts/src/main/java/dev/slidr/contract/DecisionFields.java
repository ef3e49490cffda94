package dev.slidr.contract;

import java.io.IOException;
import java.util.List;

/** Decodes a decision record's fields. */
final class DecisionFields extends SeenFields implements RecordFields<Decision> {
    private static final String[] NAMES = {
        "click_id",
        "event_ts",
        "decided_ts",
        "invalid",
        "stage",
        "reasons",
        "score",
        "threshold",
        "slice",
        "model_version",
        "calibration_version",
        "feature_version",
        "features",
        "revision",
        "replay_id"
    };
    // score, threshold, the three versions and replay_id may be absent (read as null)
    private static final long REQUIRED = 0b011_0001_0011_1111L;

    private String clickId;
    private long eventTs;
    private long decidedTs;
    private boolean invalid;
    private Decision.Stage stage;
    private List<String> reasons;
    private double score = Double.NaN;
    private double threshold = Double.NaN;
    private String slice;
    private String modelVersion;
    private String calibrationVersion;
    private String featureVersion;
    private float[] features;
    private int revision;
    private String replayId;

    DecisionFields() {
        super(NAMES, REQUIRED);
    }

    @Override
    public boolean read(String name, FieldCursor in) throws IOException, ContractViolation {
        switch (name) {
            case "click_id" -> {
                clickId = in.identifier(name);
                mark(0);
            }
            case "event_ts" -> {
                eventTs = in.timestamp(name);
                mark(1);
            }
            case "decided_ts" -> {
                decidedTs = in.timestamp(name);
                mark(2);
            }
            case "invalid" -> {
                invalid = in.bool(name);
                mark(3);
            }
            case "stage" -> {
                stage = stage(name, in.string(name));
                mark(4);
            }
            case "reasons" -> {
                reasons = in.identifiers(name);
                mark(5);
            }
            case "score" -> {
                score = in.nullableDouble(name);
                mark(6);
            }
            case "threshold" -> {
                threshold = in.nullableDouble(name);
                mark(7);
            }
            case "slice" -> {
                slice = in.identifier(name);
                mark(8);
            }
            case "model_version" -> {
                modelVersion = in.nullableIdentifier(name);
                mark(9);
            }
            case "calibration_version" -> {
                calibrationVersion = in.nullableIdentifier(name);
                mark(10);
            }
            case "feature_version" -> {
                featureVersion = in.nullableIdentifier(name);
                mark(11);
            }
            case "features" -> {
                features = in.floats(name);
                mark(12);
            }
            case "revision" -> {
                revision = (int) in.integer(name, 0, Integer.MAX_VALUE);
                mark(13);
            }
            case "replay_id" -> {
                replayId = in.nullableIdentifier(name);
                mark(14);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private Decision.Stage stage(String field, String value) throws ContractViolation {
        for (Decision.Stage s : Decision.Stage.values()) {
            if (s.name().equals(value)) {
                return s;
            }
        }
        throw new ContractViolation(
                ReasonCode.INVALID_VALUE,
                field + " " + FieldRules.quote(value) + " is not one of GIVT, SIVT, NONE");
    }

    @Override
    public Decision build() throws ContractViolation {
        requireAll();
        return new Decision(
                clickId,
                eventTs,
                decidedTs,
                invalid,
                stage,
                reasons,
                score,
                threshold,
                slice,
                modelVersion,
                calibrationVersion,
                featureVersion,
                features,
                revision,
                replayId);
    }
}

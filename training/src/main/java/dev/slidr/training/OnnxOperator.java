package dev.slidr.training;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * ONNX operators the export needs that Tribuo's {@link ONNXOperators} (opset 13) does not define.
 * Both are unary, attribute-free and unchanged in opset 13.
 */
enum OnnxOperator implements ONNXOperator {
    /** Rectified linear unit, {@code max(x, 0)}. */
    RELU("Relu"),
    /** Natural logarithm, element-wise. */
    LOG("Log");

    private final String opName;

    OnnxOperator(String opName) {
        this.opName = opName;
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return 1;
    }

    @Override
    public int getNumOptionalInputs() {
        return 0;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return Collections.emptyMap();
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return Collections.emptySet();
    }

    @Override
    public int getOpVersion() {
        return ONNXOperators.getOpsetVersion();
    }

    @Override
    public String getOpDomain() {
        // null is the default ai.onnx domain, the same one Tribuo's operators use
        return null;
    }
}

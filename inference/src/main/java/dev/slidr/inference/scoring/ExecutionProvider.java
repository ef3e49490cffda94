package dev.slidr.inference.scoring;

/** Where ONNX Runtime runs the graph: the CPU, or an NVIDIA GPU through the CUDA provider. */
public enum ExecutionProvider {
    /** ONNX Runtime's default CPU provider; always available. */
    CPU,
    /** The CUDA provider of the {@code onnxruntime_gpu} build (CUDA 12, cuDNN 9). */
    CUDA
}

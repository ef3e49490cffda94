#!/usr/bin/env bash
# The GPU build's check, as one command: builds bin/slidr with ONNX Runtime's CUDA build
# (mvn -Pgpu), then runs dev.slidr.bench.run.CudaScorerCheck: the scorer on the CUDA execution
# provider must score 20,000 rows as the CPU provider does (max |diff| <= 1e-5), then JMH times
# the scorer at batch 1, 2, 4, ..., 4096 on CUDA and on the CPU. Results go to OUT_DIR:
# parity.json, scorer.json, model.onnx, check.log, nvidia-smi.csv (when the driver answers).
#
#   deploy/gpu/check.sh [OUT_DIR] [--quick]      (default OUT_DIR: target/gpu-check)
#
# Needs, where it runs: an NVIDIA driver and GPU, CUDA 12 and cuDNN 9 libraries on the loader's
# path (libcudart.so.12, libcublas.so.12, libcublasLt.so.12, libcufft.so.11, libcurand.so.10,
# libcudnn.so.9 and its sub-libraries), Java 17. ONNX Runtime 1.23.2's CUDA provider loads none
# of CUDA 13's libraries.
#
# Exit codes: 0 passed; 1 the providers disagree or the check failed; 2 bad options;
# 3 no CUDA device (no GPU, no driver, missing CUDA 12 / cuDNN 9 libraries, or a CPU build of ONNX
# Runtime), said in one line.
#
# SLIDR_JAVA_OPTS: the JVM's options (default -Xmx4g).
#
# From a carried build (a machine without Maven or the network): SLIDR_SKIP_BUILD=1 skips the
# build; SLIDR_GPU_CLASSPATH names the class path (default cli/target/slidr.jar as `mvn -Pgpu`
# built it). To carry less, use the CPU build's slidr.jar and point SLIDR_ORT_NATIVE_DIR at a
# directory holding the Linux x64 native libraries of the onnxruntime_gpu-1.23.2 jar
# (ai/onnxruntime/native/linux-x64/ in it): libonnxruntime.so (24 MB), libonnxruntime4j_jni.so,
# libonnxruntime_providers_shared.so and libonnxruntime_providers_cuda.so (369 MB);
# libonnxruntime_providers_tensorrt.so is not needed. They are passed as
# -Donnxruntime.native.path, so ONNX Runtime loads them instead of the jar's own. The CUDA
# provider's library alone is larger than a 64 MiB transfer: carry it compressed or have it on
# the machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/target/gpu-check"
args=()
for arg in "$@"; do
  case "$arg" in
    --quick) args+=(--quick) ;;
    -*) echo "gpu check: error: unknown option $arg (usage: deploy/gpu/check.sh [OUT_DIR] [--quick])" >&2; exit 2 ;;
    *) out="$arg" ;;
  esac
done
mkdir -p "$out"

if [[ ${SLIDR_SKIP_BUILD:-0} != 1 ]]; then
  echo "gpu check: building with -Pgpu (onnxruntime_gpu) ..." >&2
  (cd "$root" && mvn -B -q -Pgpu -DskipTests package -pl cli -am) >&2
fi
classpath="${SLIDR_GPU_CLASSPATH:-$root/cli/target/slidr.jar}"
read -r -a java_opts <<<"${SLIDR_JAVA_OPTS:--Xmx4g}"
if [[ -n ${SLIDR_ORT_NATIVE_DIR:-} ]]; then
  java_opts+=("-Donnxruntime.native.path=$SLIDR_ORT_NATIVE_DIR")
fi
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv >"$out/nvidia-smi.csv" 2>&1 || true
fi

set +e
java "${java_opts[@]}" -cp "$classpath" dev.slidr.bench.run.CudaScorerCheck --out "$out" "${args[@]}" \
  > >(tee "$out/check.log") 2> >(tee -a "$out/check.log" >&2)
status=$?
wait
exit $status

package io.audioinsight.audio.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * What the engine's waveform networks (the speaker embedding, the turn-change detector) share: a float
 * {@code [batch, samples]} input, a float two-dimensional output, and samples fed as they are.
 */
public final class WaveformModels {

  private WaveformModels() {}

  /**
   * The shape of {@code output} when the session maps a float {@code input} of two dimensions to a float
   * {@code output} of two dimensions; null otherwise.
   */
  public static long[] floatMatrixOutput(OrtSession session, String input, String output) throws OrtException {
    NodeInfo in = session.getInputInfo().get(input);
    NodeInfo out = session.getOutputInfo().get(output);
    if (in == null || out == null || !(in.getInfo() instanceof TensorInfo inInfo)
        || !(out.getInfo() instanceof TensorInfo outInfo) || inInfo.type != OnnxJavaType.FLOAT
        || outInfo.type != OnnxJavaType.FLOAT || inInfo.getShape().length != 2 || outInfo.getShape().length != 2) {
      return null;
    }
    return outInfo.getShape();
  }

  /** {@code samples[from, from + length)} as a [1, length] tensor; non-finite samples count as 0. */
  public static OnnxTensor waveform(OrtEnvironment env, float[] samples, int from, int length) throws OrtException {
    FloatBuffer input = ByteBuffer.allocateDirect(length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    for (int i = 0; i < length; i++) {
      float v = samples[from + i];
      input.put(i, Float.isFinite(v) ? v : 0f);
    }
    return OnnxTensor.createTensor(env, input, new long[] {1, length});
  }
}

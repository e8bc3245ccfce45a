package io.audioinsight.audio.silero;

import java.util.List;

/**
 * One Silero model call for many live streams: each stream's next chunk is a row of the batch, with its own
 * recurrent state, the way Triton's dynamic batcher gathers requests. One ONNX Runtime call costs much more than a
 * row, so a batch of B rows takes far less than B calls. The caller guarantees that no stream is in two batches at
 * once (a stream's steps are sequential: each needs the state the previous one left).
 */
public final class SileroBatch {

  private SileroBatch() {}

  /** Steps every stream in {@code streams} (each must {@link SileroLiveVad#needsStep need a step}) once. */
  public static void step(SileroModel model, List<SileroLiveVad> streams) {
    int batch = streams.size();
    if (batch == 0) {
      return;
    }
    float[] rows = new float[batch * SileroModel.INPUT_WIDTH];
    float[] state = new float[2 * batch * SileroModel.STATE_WIDTH];
    for (int b = 0; b < batch; b++) {
      SileroLiveVad s = streams.get(b);
      if (!s.needsStep()) {
        throw new IllegalArgumentException("stream " + b + " has no chunk ready");
      }
      s.fillRow(rows, b * SileroModel.INPUT_WIDTH);
      s.stateInto(state, b, batch);
    }
    float[] probabilities = model.step(rows, state, batch);
    for (int b = 0; b < batch; b++) {
      streams.get(b).accept(probabilities[b], state, b, batch);
    }
  }
}

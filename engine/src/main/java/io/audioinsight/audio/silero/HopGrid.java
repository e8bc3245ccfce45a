package io.audioinsight.audio.silero;

/**
 * Maps probabilities on the model's fixed 512-sample grid onto the caller's {@code vad_hop_size} grid.
 *
 * <p>Block {@code j} of the caller's grid covers samples {@code [j*hop, min((j+1)*hop, length))}; its
 * probability is the mean of the chunk probabilities weighted by how many of its samples each chunk covers,
 * i.e. the expected speech probability of a random sample of the block. With {@code hop == 512} this is the
 * identity; a smaller hop repeats values (the model's time resolution stays 32 ms); a larger hop averages.
 */
final class HopGrid {

  private HopGrid() {}

  static float[] map(float[] chunkProbabilities, int chunkSize, int length, int hop) {
    int blocks = (length + hop - 1) / hop;
    float[] out = new float[blocks];
    for (int j = 0; j < blocks; j++) {
      int start = j * hop;
      int end = Math.min(start + hop, length);
      double weighted = 0;
      for (int c = start / chunkSize; c * chunkSize < end; c++) {
        int overlap = Math.min(end, (c + 1) * chunkSize) - Math.max(start, c * chunkSize);
        weighted += (double) chunkProbabilities[c] * overlap;
      }
      out[j] = (float) (weighted / (end - start));
    }
    return out;
  }
}

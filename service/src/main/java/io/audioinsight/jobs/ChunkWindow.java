package io.audioinsight.jobs;

import io.audioinsight.audio.SignalAnalyzer;

/**
 * The audio a chunk of a long WAV is analysed with: its own frames, the context before them (up to {@code
 * jobs.context_seconds}, so that the voice activity network enters the chunk in the state the whole file's analysis
 * has there) and a short tail after them (the spectral stages look a few seconds ahead), in source frames.
 *
 * <p>The tail ends a whole number of noise-tracker sub-windows (0.1 s) before the end of the file, so that the
 * tracker's backward pass walks the chunk on the same grid as over the whole file; chunks and their context start on
 * {@link SignalAnalyzer#alignment} (0.8 s at the default hop) for the same reason on the forward side.
 *
 * @param first        the first frame analysed
 * @param count        frames analysed
 * @param reportOffset frames of context before the chunk's own
 * @param reportCount  the chunk's own frames, the ones reported
 */
record ChunkWindow(long first, long count, long reportOffset, long reportCount) {

  /** Context and tail are capped at this many bytes each, whatever the format (a 32-channel file has short ones). */
  static final long MAX_CONTEXT_BYTES = 64L * 1024 * 1024;

  /**
   * Chunk {@code index} of {@code wav} cut every {@code framesPerChunk} frames, with {@code contextSeconds} of
   * context (rounded up to the alignment grid of {@code vadHopSize}) and the spectral stages' tail.
   */
  static ChunkWindow of(WavChunks wav, int index, long framesPerChunk, double contextSeconds, int vadHopSize) {
    int rate = wav.rate();
    long total = wav.frames();
    long start = wav.firstFrame(index, framesPerChunk);
    long own = Math.max(0, Math.min(framesPerChunk, total - start));
    long end = start + own;
    long maxFrames = MAX_CONTEXT_BYTES / Math.max(1, wav.blockAlign());
    long align = alignFrames(rate, vadHopSize);
    long context = (long) Math.ceil(contextSeconds * rate / align) * align;
    context = Math.min(start, Math.min(context, maxFrames));
    long tailEnd = Math.min(total,
        end + Math.min(maxFrames, (long) Math.ceil((SignalAnalyzer.SPECTRAL_CONTEXT_SECONDS + 0.5) * rate)));
    long subWindow = rate % 10 == 0 ? rate / 10 : 1;
    if (tailEnd < total) {
      tailEnd = total - (total - tailEnd) / subWindow * subWindow; // later, onto the file end's grid
    }
    return new ChunkWindow(start - context, tailEnd - start + context, context, own);
  }

  /**
   * Whether chunks cut every {@code framesPerChunk} frames of a file at {@code rate} can hand the voice activity
   * network's state from one to the next: the network steps every 512 samples at 16 kHz, so every chunk and its
   * context must start on that grid, in a file the engine does not resample (a resampled chunk's first samples
   * differ slightly from the whole file's).
   */
  static boolean carriesVadState(int rate, long framesPerChunk, int vadHopSize) {
    int step = io.audioinsight.audio.silero.SileroModel.CHUNK;
    return rate == 16_000 && framesPerChunk % step == 0 && alignFrames(rate, vadHopSize) % step == 0;
  }

  /** {@link SignalAnalyzer#alignment} in source frames (1 where the rate does not divide evenly). */
  static long alignFrames(int rate, int vadHopSize) {
    long at16k = SignalAnalyzer.alignment(vadHopSize);
    return (at16k * rate) % 16_000 == 0 ? at16k * rate / 16_000 : 1;
  }
}

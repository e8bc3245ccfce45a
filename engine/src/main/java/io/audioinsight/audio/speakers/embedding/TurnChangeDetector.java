package io.audioinsight.audio.speakers.embedding;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.onnx.SessionPool;
import io.audioinsight.audio.onnx.WaveformModels;
import io.audioinsight.audio.silero.ModelChecksum;
import java.util.Arrays;
import java.util.Map;

/**
 * The learned turn-change detector ({@code scripts/train/speaker-embedding/turn_changes.py}): over the joined speech
 * it gives each 10 ms frame the probability that the voice changes there, and {@link #cuts} turns those into the
 * places the embedding windows must not straddle ({@link Windows#inside}). Half the windows of a conversation whose
 * voices hold the floor for under 2 s hold two voices otherwise, and a window of two voices pulls clusters together
 * (docs/BENCHMARKS.md, issue 16).
 *
 * <p>The network takes {@code waveform} float32 [1, samples] (16 kHz, full scale 1.0; the embedding's log-mel front
 * end inside the graph, its mean removed over the input) and returns {@code change} float32 [1, frames], frame
 * {@code t} centred on sample {@code 160 t + 200}. Long speech runs in {@link #BLOCK}s with {@link #MARGIN}s of
 * context on each side (the network was trained on 8 s), so memory and the answer for a frame do not depend on the
 * file's length. Thread-safe (one session per running thread, {@link SessionPool}).
 */
final class TurnChangeDetector implements AutoCloseable {

  static final String INPUT = "waveform";
  static final String OUTPUT = "change";
  /** Samples per block whose frames are kept (20 s). */
  static final int BLOCK = 320_000;
  /** Context on each side of a block (2 s), computed and dropped. */
  static final int MARGIN = 32_000;
  /** A cut is the highest probability within this many frames on either side (0.5 s): one cut per change. */
  static final int PEAK_RADIUS = 50;
  private static final int HOP = 160;
  private static final int FRAME = 400;

  private final OrtEnvironment env;
  private final SessionPool sessions;

  private TurnChangeDetector(OrtEnvironment env, SessionPool sessions) {
    this.env = env;
    this.sessions = sessions;
  }

  /**
   * Verifies the checksum, then creates the session and checks the signature.
   *
   * @throws SpeakerModelUnavailableException when the file fails its checksum or is not this kind of network
   */
  static TurnChangeDetector fromBytes(OrtEnvironment env, byte[] model, String sha256File, String origin) {
    String expected = sha256File.strip().split("\\s+")[0];
    String actual = ModelChecksum.sha256Hex(model);
    if (!actual.equalsIgnoreCase(expected)) {
      throw SpeakerModelUnavailableException.corrupted("turn-change model " + origin + " failed its checksum (sha256 "
          + actual + ", its .sha256 file says " + expected + "): the file is corrupted or was replaced without its "
          + "checksum. Copy the speaker model's files together.");
    }
    SessionPool sessions = null;
    try {
      sessions = SessionPool.open(env, model);
      checkSignature(sessions.any(), origin);
      return new TurnChangeDetector(env, sessions);
    } catch (OrtException e) {
      if (sessions != null) {
        sessions.close();
      }
      throw SpeakerModelUnavailableException.corrupted(
          "ONNX Runtime cannot load the turn-change model " + origin + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (sessions != null) {
        sessions.close();
      }
      throw e;
    }
  }

  private static void checkSignature(OrtSession session, String origin) throws OrtException {
    if (WaveformModels.floatMatrixOutput(session, INPUT, OUTPUT) == null) {
      throw SpeakerModelUnavailableException.corrupted("turn-change model " + origin + " does not map a float '"
          + INPUT + "' [1, samples] to a float '" + OUTPUT + "' [1, frames] (inputs " + session.getInputInfo()
          + ", outputs " + session.getOutputInfo() + ").");
    }
  }

  /**
   * Where the voice changes in {@code speech}, in samples, increasing: each frame whose probability is over
   * {@code level} and the highest within {@link #PEAK_RADIUS} frames (the first of equals), at the frame's centre.
   */
  int[] cuts(float[] speech, double level, Cancellation cancellation) {
    float[] p = probabilities(speech, cancellation);
    int[] cuts = new int[p.length];
    int n = 0;
    for (int t = 0; t < p.length; t++) {
      if (p[t] > level && isPeak(p, t)) {
        cuts[n++] = HOP * t + FRAME / 2;
      }
    }
    return Arrays.copyOf(cuts, n);
  }

  private static boolean isPeak(float[] p, int t) {
    for (int u = Math.max(0, t - PEAK_RADIUS); u <= Math.min(p.length - 1, t + PEAK_RADIUS); u++) {
      if (u < t ? p[u] >= p[t] : p[u] > p[t]) {
        return false;
      }
    }
    return true;
  }

  /** The change probability of each frame of {@code speech}: {@code 1 + (length - 400) / 160} frames (none under 400). */
  float[] probabilities(float[] speech, Cancellation cancellation) {
    int frames = speech.length < FRAME ? 0 : 1 + (speech.length - FRAME) / HOP;
    float[] p = new float[frames];
    for (int keepFrom = 0; keepFrom < frames; keepFrom += BLOCK / HOP) {
      cancellation.throwIfCancelled();
      int keepTo = Math.min(frames, keepFrom + BLOCK / HOP);
      int firstFrame = Math.max(0, keepFrom - MARGIN / HOP);
      int lastFrame = Math.min(frames, keepTo + MARGIN / HOP); // exclusive
      int from = firstFrame * HOP;
      int length = (lastFrame - 1) * HOP + FRAME - from;
      float[] block = run(speech, from, length);
      System.arraycopy(block, keepFrom - firstFrame, p, keepFrom, keepTo - keepFrom);
    }
    return p;
  }

  private float[] run(float[] samples, int from, int length) {
    try (SessionPool.Lease lease = sessions.borrow();
         OnnxTensor tensor = WaveformModels.waveform(env, samples, from, length);
         OrtSession.Result result = lease.session().run(Map.of(INPUT, tensor))) {
      return ((float[][]) result.get(0).getValue())[0];
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on the turn-change model", e);
    }
  }

  @Override
  public void close() {
    sessions.close();
  }
}

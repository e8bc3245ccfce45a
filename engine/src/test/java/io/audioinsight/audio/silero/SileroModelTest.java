package io.audioinsight.audio.silero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.onnx.OnnxRuntimeEnvironment;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SileroModelTest {

  private static final int RATE_HALF = 8000;

  @Test
  void modelHasTheInputsAndOutputsTheEngineFeeds() {
    SileroModel model = TestModel.model();
    Map<String, NodeInfo> in = model.inputInfo();
    Map<String, NodeInfo> out = model.outputInfo();
    assertThat(in.keySet()).containsExactlyInAnyOrder("input", "state", "sr");
    assertThat(out.keySet()).containsExactlyInAnyOrder("output", "stateN");
    assertTensor(in.get("input"), OnnxJavaType.FLOAT, -1, -1); // [batch, 64 context + 512 samples]
    assertTensor(in.get("state"), OnnxJavaType.FLOAT, 2, -1, 128);
    assertTensor(in.get("sr"), OnnxJavaType.INT64); // scalar
    assertTensor(out.get("output"), OnnxJavaType.FLOAT, -1, 1);
    assertThat(((TensorInfo) out.get("stateN").getInfo()).getShape()).hasSize(3);
  }

  private static void assertTensor(NodeInfo node, OnnxJavaType type, long... shape) {
    TensorInfo info = (TensorInfo) node.getInfo();
    assertThat(info.type).isEqualTo(type);
    assertThat(info.getShape()).containsExactly(shape);
  }

  @Test
  void oneProbabilityPerStartedChunkOf512Samples() {
    SileroModel model = TestModel.model();
    assertThat(model.chunkProbabilities(new float[0], Cancellation.NONE)).isEmpty();
    assertThat(model.chunkProbabilities(new float[1], Cancellation.NONE)).hasSize(1);
    assertThat(model.chunkProbabilities(new float[512], Cancellation.NONE)).hasSize(1);
    assertThat(model.chunkProbabilities(new float[513], Cancellation.NONE)).hasSize(2);
    float[] p = model.chunkProbabilities(SpeechLikeSignal.speech(2, 3), Cancellation.NONE);
    assertThat(p).hasSize(63);
    for (float v : p) {
      assertThat(v).isBetween(0f, 1f);
    }
  }

  /**
   * The engine reuses direct buffers in place and swaps state tensors; this checks it against the textbook
   * loop (fresh tensors each chunk, state copied back, last 64 samples carried as context).
   */
  @Test
  void inPlaceTensorLoopMatchesTheReferenceLoop() throws Exception {
    SileroModel model = TestModel.model();
    float[] audio = SpeechLikeSignal.concat(new float[8000], SpeechLikeSignal.speech(3, 2), SpeechLikeSignal.noise(1, 0.01, 2));
    float[] expected = referenceLoop(audio);
    assertThat(model.chunkProbabilities(audio, Cancellation.NONE)).containsExactly(expected);
  }

  private static float[] referenceLoop(float[] audio) throws Exception {
    OrtEnvironment env = OnnxRuntimeEnvironment.get();
    byte[] bytes;
    try (InputStream in = SileroModel.class.getResourceAsStream(SileroModel.CLASSPATH_RESOURCE)) {
      bytes = in.readAllBytes();
    }
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session = env.createSession(bytes, options);
           OnnxTensor sr = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {16000}), new long[0])) {
        int chunks = (audio.length + 511) / 512;
        float[] out = new float[chunks];
        float[] state = new float[2 * 128];
        float[] context = new float[64];
        for (int c = 0; c < chunks; c++) {
          float[] input = new float[576];
          System.arraycopy(context, 0, input, 0, 64);
          System.arraycopy(audio, c * 512, input, 64, Math.min(512, audio.length - c * 512));
          try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 576});
               OnnxTensor h = OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[] {2, 1, 128});
               OrtSession.Result r = session.run(Map.of("input", x, "state", h, "sr", sr))) {
            out[c] = ((float[][]) r.get("output").get().getValue())[0][0];
            ((OnnxTensor) r.get("stateN").get()).getFloatBuffer().get(state);
          }
          System.arraycopy(input, 512, context, 0, 64);
        }
        return out;
      }
    }
  }

  @Test
  void nonFiniteSamplesCountAsZeroAndDoNotPoisonTheState() {
    SileroModel model = TestModel.model();
    float[] clean = SpeechLikeSignal.concat(new float[RATE_HALF], SpeechLikeSignal.speech(2, 3));
    float[] broken = clean.clone();
    broken[100] = Float.NaN;
    broken[200] = Float.POSITIVE_INFINITY;
    broken[300] = Float.NEGATIVE_INFINITY;
    float[] zeroed = clean.clone();
    zeroed[100] = 0f;
    zeroed[200] = 0f;
    zeroed[300] = 0f;
    float[] p = model.chunkProbabilities(broken, Cancellation.NONE);
    assertThat(p).containsExactly(model.chunkProbabilities(zeroed, Cancellation.NONE));
    assertThat(max(p)).isGreaterThan(0.5f);
  }

  @Test
  void sameInputTwiceGivesTheSameProbabilities() {
    SileroModel model = TestModel.model();
    float[] audio = SpeechLikeSignal.mix(SpeechLikeSignal.speech(3, 4), SpeechLikeSignal.noise(3, 0.02, 4));
    assertThat(model.chunkProbabilities(audio, Cancellation.NONE))
        .containsExactly(model.chunkProbabilities(audio, Cancellation.NONE));
  }

  @Test
  void stateStartsAtZeroForEveryRequest() {
    SileroModel model = TestModel.model();
    float[] quiet = SpeechLikeSignal.noise(2, 0.001, 5);
    float[] fresh = model.chunkProbabilities(quiet, Cancellation.NONE);
    // a request full of speech in between must leave nothing behind
    float[] speech = model.chunkProbabilities(SpeechLikeSignal.speech(3, 3), Cancellation.NONE);
    assertThat(max(speech)).isGreaterThan(0.9f);
    assertThat(model.chunkProbabilities(quiet, Cancellation.NONE)).containsExactly(fresh);
  }

  @Test
  void cancellationStopsAPassPartWay() {
    SileroModel model = TestModel.model();
    AtomicInteger polls = new AtomicInteger();
    Cancellation afterThreePolls = () -> polls.incrementAndGet() > 3;
    assertThatThrownBy(() -> model.chunkProbabilities(new float[16000 * 60], afterThreePolls))
        .isInstanceOf(AnalysisCancelledException.class);
    assertThat(polls.get()).isEqualTo(4); // stopped at the 4th check, long before the 1875 chunks
  }

  @Test
  void corruptedModelFileIsRefusedBeforeOnnxRuntimeSeesIt(@TempDir Path dir) throws Exception {
    byte[] bytes;
    try (InputStream in = SileroModel.class.getResourceAsStream(SileroModel.CLASSPATH_RESOURCE)) {
      org.junit.jupiter.api.Assumptions.assumeTrue(in != null, "Silero VAD model not obtained by the build; skipping");
      bytes = in.readAllBytes();
    }
    bytes[bytes.length / 2] ^= 0x01; // one flipped bit
    Path corrupted = dir.resolve("silero_vad.onnx");
    Files.write(corrupted, bytes);
    assertThatThrownBy(() -> SileroModel.load(corrupted))
        .isInstanceOf(SileroModelUnavailableException.class)
        .hasMessageContaining("failed its checksum")
        .hasMessageContaining(SileroModel.EXPECTED_SHA256)
        .hasMessageContaining("fetch-silero-model.sh");
  }

  @Test
  void fileOfTheWrongContentIsRefusedWithoutTheModel(@TempDir Path dir) throws Exception {
    Path other = dir.resolve("silero_vad.onnx");
    Files.write(other, new byte[] {8, 1, 18, 0});
    assertThatThrownBy(() -> SileroModel.load(other))
        .isInstanceOf(SileroModelUnavailableException.class)
        .hasMessageContaining("failed its checksum");
  }

  @Test
  void missingModelFileSaysHowToGetIt(@TempDir Path dir) {
    assertThatThrownBy(() -> SileroModel.load(dir.resolve("nope.onnx")))
        .isInstanceOf(SileroModelUnavailableException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining("scripts/fetch-silero-model.sh");
  }

  static float max(float[] x) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : x) {
      m = Math.max(m, v);
    }
    return m;
  }
}

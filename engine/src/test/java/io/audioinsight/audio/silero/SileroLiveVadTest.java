package io.audioinsight.audio.silero;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Segment;
import io.audioinsight.audio.vad.SpeechSegmenter;
import io.audioinsight.audio.vad.stream.VadEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SileroLiveVadTest {

  /** Speech, pauses and noise: 0.7 s noise, 2 s talk, 0.6 s noise, 1.5 s talk, 0.9 s noise (plus a ragged tail). */
  private static float[] talk(long seed) {
    return SpeechLikeSignal.concat(
        SpeechLikeSignal.noise(0.7, 0.003, seed),
        SpeechLikeSignal.mix(SpeechLikeSignal.speech(2.0, seed + 1), SpeechLikeSignal.noise(2.0, 0.003, seed + 2)),
        SpeechLikeSignal.noise(0.6, 0.003, seed + 3),
        SpeechLikeSignal.mix(SpeechLikeSignal.speech(1.5, seed + 4), SpeechLikeSignal.noise(1.5, 0.003, seed + 5)),
        SpeechLikeSignal.noise(0.9 + seed % 7 * 0.01137, 0.003, seed + 6));
  }

  /** The file path on the same samples: SileroVad's probabilities, SpeechSegmenter's segments. */
  private static List<Segment> fileSegments(SileroModel model, float[] x, int hop, double threshold) {
    float[] p = new SileroVad(model).speechProbabilities(x, null, hop, Cancellation.NONE);
    return SpeechSegmenter.segment(p, hop, x.length, threshold).segments();
  }

  /** Feeds {@code x} in pieces whose sizes {@code sizes} draws, stepping the model alone after each piece. */
  private static List<VadEvent> streamAlone(SileroModel model, float[] x, SileroLiveVad vad, SplittableRandom sizes) {
    List<VadEvent> events = new ArrayList<>();
    int at = 0;
    while (at < x.length) {
      int n = Math.min(x.length - at, 1 + sizes.nextInt(2_000));
      vad.append(java.util.Arrays.copyOfRange(x, at, at + n), n);
      at += n;
      while (vad.needsStep()) {
        SileroBatch.step(model, List.of(vad));
      }
      events.addAll(vad.takeEvents());
    }
    vad.end();
    while (vad.needsStep()) {
      SileroBatch.step(model, List.of(vad));
    }
    assertThat(vad.isFinished()).isTrue();
    events.addAll(vad.takeEvents());
    return events;
  }

  private static List<Segment> segmentsOf(List<VadEvent> events) {
    return events.stream().filter(e -> e.type() == VadEvent.Type.SPEECH_END)
        .map(e -> new Segment(e.start(), e.end())).toList();
  }

  @Test
  void streamEventsEqualTheFileSegmentsWhateverThePieceSizesAndHop() {
    SileroModel model = TestModel.model();
    float[] x = talk(3);
    for (int hop : new int[] {512, 160, 800}) {
      List<Segment> file = fileSegments(model, x, hop, 0.5);
      assertThat(file).as("the test signal has speech").isNotEmpty();
      for (long seed = 1; seed <= 3; seed++) {
        List<VadEvent> events = streamAlone(model, x, new SileroLiveVad(hop, 0.5), new SplittableRandom(seed));
        assertThat(segmentsOf(events)).as("hop %d, pieces %d", hop, seed).isEqualTo(file);
        assertThat(events.stream().filter(e -> e.type() == VadEvent.Type.SPEECH_START).map(VadEvent::start).toList())
            .isEqualTo(file.stream().map(Segment::start).toList());
      }
    }
  }

  @Test
  void aModelStepOnABatchGivesEachRowExactlyWhatItGetsAlone() {
    SileroModel model = TestModel.model();
    int batch = 7;
    SplittableRandom random = new SplittableRandom(5);
    float[] stateAlone = new float[2 * batch * SileroModel.STATE_WIDTH];
    for (int i = 0; i < stateAlone.length; i++) {
      stateAlone[i] = (float) (0.3 * random.nextGaussian());
    }
    float[] stateBatch = stateAlone.clone();
    for (int step = 0; step < 20; step++) {
      float[] rows = new float[batch * SileroModel.INPUT_WIDTH];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = (float) (0.2 * random.nextGaussian());
      }
      float[] together = model.step(rows, stateBatch, batch);
      for (int b = 0; b < batch; b++) {
        float[] row = java.util.Arrays.copyOfRange(rows, b * SileroModel.INPUT_WIDTH, (b + 1) * SileroModel.INPUT_WIDTH);
        float[] state = new float[2 * SileroModel.STATE_WIDTH];
        int w = SileroModel.STATE_WIDTH;
        System.arraycopy(stateAlone, b * w, state, 0, w);
        System.arraycopy(stateAlone, (batch + b) * w, state, w, w);
        float[] alone = model.step(row, state, 1);
        assertThat(together[b]).as("step %d row %d", step, b).isEqualTo(alone[0]);
        System.arraycopy(state, 0, stateAlone, b * w, w);
        System.arraycopy(state, w, stateAlone, (batch + b) * w, w);
      }
      assertThat(stateBatch).as("states after step %d", step).containsExactly(stateAlone);
    }
  }

  @Test
  void streamsSteppedTogetherInBatchesGiveTheSameEventsAsEachAlone() {
    SileroModel model = TestModel.model();
    int streams = 5;
    List<float[]> signals = new ArrayList<>();
    List<List<VadEvent>> alone = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      float[] x = talk(10 + s);
      signals.add(x);
      alone.add(streamAlone(model, x, new SileroLiveVad(512, 0.5), new SplittableRandom(s)));
    }
    List<SileroLiveVad> vads = new ArrayList<>();
    List<List<VadEvent>> together = new ArrayList<>();
    int[] at = new int[streams];
    for (int s = 0; s < streams; s++) {
      vads.add(new SileroLiveVad(512, 0.5));
      together.add(new ArrayList<>());
    }
    SplittableRandom random = new SplittableRandom(99);
    boolean more = true;
    while (more) {
      more = false;
      List<SileroLiveVad> ready = new ArrayList<>();
      for (int s = 0; s < streams; s++) {
        SileroLiveVad vad = vads.get(s);
        float[] x = signals.get(s);
        if (at[s] < x.length && random.nextInt(3) > 0) {
          int n = Math.min(x.length - at[s], 1 + random.nextInt(1_500));
          vad.append(java.util.Arrays.copyOfRange(x, at[s], at[s] + n), n);
          at[s] += n;
        } else if (at[s] >= x.length && !vad.isEnded()) {
          vad.end();
        }
        if (vad.needsStep()) {
          ready.add(vad);
        }
        more |= !vad.isFinished();
      }
      SileroBatch.step(model, ready); // every stream with a chunk ready, at most one step each
      for (int s = 0; s < streams; s++) {
        together.get(s).addAll(vads.get(s).takeEvents());
      }
    }
    for (int s = 0; s < streams; s++) {
      assertThat(together.get(s)).as("stream %d", s).isEqualTo(alone.get(s));
    }
  }
}

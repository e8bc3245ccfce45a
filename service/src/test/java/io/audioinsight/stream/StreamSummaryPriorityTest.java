package io.audioinsight.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.VoiceActivityDetector;
import io.audioinsight.audio.vad.DspVad;
import io.audioinsight.support.StreamClient;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stream's summary is the one part of its work that can wait, so it runs on a thread of its own five nice levels
 * below the inference pool's threads, which run the live streams.
 */
@ExtendWith(VertxExtension.class)
class StreamSummaryPriorityTest {

  /** The DSP engine, recording the nice value of each thread that calls it, by thread name. */
  static final class NiceRecordingVad implements VoiceActivityDetector {
    final DspVad dsp = new DspVad();
    final Map<String, Integer> niceByThread = new ConcurrentHashMap<>();

    @Override
    public String name() {
      return "dsp";
    }

    @Override
    public float[] speechProbabilities(float[] samples, Spectrogram spectrogram, int hop, Cancellation cancellation) {
      niceByThread.put(Thread.currentThread().getName(), niceOfThisThread());
      return dsp.speechProbabilities(samples, spectrogram, hop, cancellation);
    }
  }

  @Test
  void theSummaryRunsFiveNiceLevelsBelowTheLiveStreamsWork(Vertx vertx, VertxTestContext tc) throws Exception {
    NiceRecordingVad vad = new NiceRecordingVad();
    // the test sends its audio faster than real time: no lag limit
    Service service = TestServices.startWarm(TestServices.config(Map.of("inference.thread_nice", "7",
        "stream.max_lag_ms", "600000")), new AudioAnalyzer(vad));
    int process = niceOfThisThread();
    byte[] wav = TestAudio.pcm16Wav(TestAudio.speechLike(3, 16_000, 20, 3), 16_000, 1);
    byte[] pcm = Arrays.copyOfRange(wav, 44, wav.length);
    StreamClient.open(vertx, service.httpPort())
        .compose(c -> c.start(16_000, "pcm_s16le", 1).audio(pcm, 3_200).stop().closed())
        .eventually(() -> service.shutdown())
        .onComplete(tc.succeeding(closed -> tc.verify(() -> {
          assertThat(closed.code()).as(closed.reason()).isEqualTo((short) 1000);
          assertThat(closed.ofType("summary")).hasSize(1);
          assertThat(vad.niceByThread).as("the live stream's windows ran on the pool")
              .hasEntrySatisfying(poolThread(vad), nice -> assertThat(nice).isEqualTo(Math.min(19, process + 7)));
          assertThat(vad.niceByThread.entrySet()).filteredOn(e -> e.getKey().startsWith(StreamSummary.THREAD_NAME))
              .as("the summary ran on its own thread").singleElement()
              .satisfies(e -> assertThat(e.getValue()).isEqualTo(Math.min(19, process + 7 + 5)));
          tc.completeNow();
        })));
  }

  private static String poolThread(NiceRecordingVad vad) {
    return vad.niceByThread.keySet().stream().filter(n -> n.startsWith("audio-inference")).findFirst()
        .orElse("no audio-inference thread called the engine");
  }

  private static int niceOfThisThread() {
    return io.audioinsight.support.ThreadNiceValue.ofThisThread();
  }
}

package io.audioinsight.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.api.Problem;
import io.audioinsight.api.Problems;
import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.Segment;
import io.audioinsight.audio.SnrResult;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.StageTimings;
import io.audioinsight.audio.decode.SourceFormat;
import io.audioinsight.inference.InferenceResult;
import io.audioinsight.inference.RequestParams;
import io.audioinsight.support.TestAnalyzer;
import io.audioinsight.support.TestAudio;
import io.vertx.core.MultiMap;
import io.audioinsight.audio.Cancellation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What crosses the wire between nodes comes out as it went in: results, problems and parameters. */
class ForwardProtocolTest {

  @Test
  void aResultWithEveryFieldSetComesBackEqual() {
    SnrResult snr = new SnrResult(18.5, 17.25, 0.62, List.of(new Segment(0.1, 1.4), new Segment(2.0, 3.5)),
        "silero", 512, 0.5, "high", new SnrResult.Interval(16.0, 21.0), -23.5, 0.001);
    SpeakerResult speakers = new SpeakerResult(2, List.of(new SpeakerSegment(0.1, 1.4, 0),
        new SpeakerSegment(2.0, 3.5, 1)), "embedding");
    AnalysisResult result = new AnalysisResult(4.0, 44_100, 2, new SourceFormat("wav", "pcm_s16le", 44_100, 2),
        snr, speakers, new StageTimings(1, 2, 3, 4, 5));
    InferenceResult sent = new InferenceResult(result, 12.5, 80.25);

    assertThat(ForwardProtocol.decodeResult(ForwardProtocol.encode(sent))).isEqualTo(sent);
  }

  @Test
  void aResultWithoutSpeechOrSpeakersKeepsItsNullsAndComesBackEqual() {
    AnalysisResult engine = new TestAnalyzer(false).analyze(TestAudio.speechWav(1),
        AnalysisParams.defaults(Operation.SNR, 600), Cancellation.NONE);
    InferenceResult silentSnr = new InferenceResult(new AnalysisResult(engine.durationS(), engine.sampleRate(),
        engine.channels(), engine.format(), new SnrResult(null, null, 0.0, List.of(), "dsp", 512, 0.5), null,
        engine.timings()), 0, 1);

    assertThat(ForwardProtocol.decodeResult(ForwardProtocol.encode(silentSnr))).isEqualTo(silentSnr);
  }

  @Test
  void aProblemKeepsItsTypeStatusDetailParameterAndRetryAfter() {
    Problem p = Problems.badParameter("vad_threshold", "vad_threshold must be in (0, 1), got 2").withRetryAfter(3);

    assertThat(ForwardProtocol.decodeProblem(ForwardProtocol.encode(p))).isEqualTo(p);
    assertThat(ForwardProtocol.decodeProblem("No handlers for address x")).isNull();
  }

  @Test
  void theParametersArriveWithTheTimeLeftAsTheirDeadline() {
    RequestParams params = new RequestParams(320, 0.35, 30_000L, new SpeakerHints(0, 2, 4));
    MultiMap headers = ForwardProtocol.request("id-1", "node-a", Operation.ANALYZE, params, 1_234).getHeaders();

    assertThat(ForwardProtocol.params(headers)).isEqualTo(new RequestParams(320, 0.35, 1_234L,
        new SpeakerHints(0, 2, 4)));
    assertThat(headers.get(ForwardProtocol.OPERATION)).isEqualTo("ANALYZE");
  }
}

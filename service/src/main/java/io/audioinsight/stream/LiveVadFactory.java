package io.audioinsight.stream;

import io.audioinsight.audio.VoiceActivityDetector;
import io.audioinsight.audio.silero.SileroLiveVad;
import io.audioinsight.audio.silero.SileroModel;
import io.audioinsight.audio.silero.SileroVad;
import io.audioinsight.audio.vad.stream.DspLiveVad;
import io.audioinsight.audio.vad.stream.LiveVad;
import java.util.Optional;

/** A fresh per-stream VAD state for the service's engine: Silero steps in batches, any other engine on a window. */
final class LiveVadFactory {

  private final VoiceActivityDetector vad;

  LiveVadFactory(VoiceActivityDetector vad) {
    this.vad = vad;
  }

  LiveVad create(int hopSize, double threshold) {
    return vad instanceof SileroVad ? new SileroLiveVad(hopSize, threshold) : new DspLiveVad(vad, hopSize, threshold);
  }

  /** The Silero model when that is the engine (streams are then stepped by the batcher). */
  Optional<SileroModel> sileroModel() {
    return vad instanceof SileroVad s ? Optional.of(s.model()) : Optional.empty();
  }

  String engine() {
    return vad.name();
  }
}

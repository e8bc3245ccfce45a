package io.audioinsight.audio;

import io.audioinsight.audio.decode.DecodedAudio;
import io.audioinsight.audio.decode.Resampler;
import io.audioinsight.audio.decode.WavDecoder;
import io.audioinsight.audio.snr.WadaModel;
import java.util.Objects;

/**
 * The engine's facade: WAV bytes in, {@link AnalysisResult} out. Decodes and resamples to 16 kHz once,
 * computes the spectrogram once, then runs the stages the operation asks for. Thread-safe and stateless
 * (the voice activity engine is immutable); throws only {@link AudioFormatException} and
 * {@link AnalysisCancelledException}.
 */
public final class AudioAnalyzer implements Analyzer {

  private static final int RATE = Spectrogram.SAMPLE_RATE;

  private final SignalAnalyzer signalAnalyzer;

  public AudioAnalyzer(VoiceActivityDetector vad) {
    this.signalAnalyzer = new SignalAnalyzer(Objects.requireNonNull(vad, "vad"));
    WadaModel.table(); // builds the model table now, at start-up, rather than in the first request
  }

  @Override
  public String vadEngine() {
    return signalAnalyzer.vadEngine();
  }

  @Override
  public AnalysisResult analyze(byte[] wav, AnalysisParams params, Cancellation cancellation) {
    long t0 = System.nanoTime();
    cancellation.throwIfCancelled();
    DecodedAudio decoded = WavDecoder.decode(wav, params.maxAudioSeconds());
    cancellation.throwIfCancelled();
    float[] samples = Resampler.toRate(decoded.samples(), decoded.sampleRate(), RATE, cancellation);
    double decodeMs = (System.nanoTime() - t0) / 1e6;
    cancellation.throwIfCancelled();

    SnrResult snr = null;
    Spectrogram spectrogram = null;
    double spectrogramMs = 0;
    double vadMs = 0;
    double snrMs = 0;
    if (params.operation().wantsSnr()) {
      SpeechAnalysis speech = signalAnalyzer.analyze(samples, params.vadHopSize(), params.vadThreshold(), cancellation);
      snr = speech.snr();
      spectrogram = speech.spectrogram();
      spectrogramMs = speech.spectrogramMs();
      vadMs = speech.vadMs();
      snrMs = speech.snrMs();
    }

    SpeakerResult speakers = null;
    double speakersMs = 0;
    if (params.operation().wantsSpeakers()) {
      long s0 = System.nanoTime();
      if (spectrogram == null) {
        spectrogram = SignalAnalyzer.spectrogram(samples, cancellation);
        spectrogramMs = (System.nanoTime() - s0) / 1e6;
        s0 = System.nanoTime();
      }
      // SPEAKER STAGE (issue 4): run a SpeakerCounter here on (samples, spectrogram, speech segments from
      // snr when present) with the same cancellation, e.g.
      //   speakers = speakerCounter.count(samples, spectrogram, cancellation);
      // Until it exists the speaker block stays null.
      speakersMs = (System.nanoTime() - s0) / 1e6;
    }

    return new AnalysisResult(
        Math.round(decoded.durationSeconds() * 1000.0) / 1000.0,
        decoded.sampleRate(),
        decoded.channels(),
        snr,
        speakers,
        new StageTimings(decodeMs, spectrogramMs, vadMs, snrMs, speakersMs));
  }
}

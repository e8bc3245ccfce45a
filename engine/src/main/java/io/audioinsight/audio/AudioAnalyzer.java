package io.audioinsight.audio;

import io.audioinsight.audio.decode.AudioDecoder;
import io.audioinsight.audio.decode.DecodedSignal;
import io.audioinsight.audio.snr.SnrSums;
import io.audioinsight.audio.speakers.SpeakerCounter;
import io.audioinsight.audio.speakers.embedding.ChunkEmbeddings;
import io.audioinsight.audio.speakers.embedding.EmbeddingSpeakerCounter;
import java.util.List;
import java.util.Objects;

/**
 * The engine's facade: audio bytes in (any format {@link AudioDecoder} sniffs), {@link AnalysisResult} out.
 * Decodes and resamples to 16 kHz once,
 * computes the spectrogram once, then runs the stages the operation asks for. Thread-safe and stateless
 * (the voice activity engine is immutable); throws only {@link AudioFormatException} and
 * {@link AnalysisCancelledException}.
 */
public final class AudioAnalyzer implements Analyzer {

  private final VoiceActivityDetector vad;
  private final SignalAnalyzer signalAnalyzer;
  private final SpeakerCounting speakerCounter;

  /** With the classic speaker counter. */
  public AudioAnalyzer(VoiceActivityDetector vad) {
    this(vad, new SpeakerCounter());
  }

  public AudioAnalyzer(VoiceActivityDetector vad, SpeakerCounting speakerCounter) {
    this.vad = Objects.requireNonNull(vad, "vad");
    this.signalAnalyzer = new SignalAnalyzer(vad);
    this.speakerCounter = Objects.requireNonNull(speakerCounter, "speakerCounter");
  }

  @Override
  public String vadEngine() {
    return signalAnalyzer.vadEngine();
  }

  @Override
  public java.util.Optional<VoiceActivityDetector> voiceActivityDetector() {
    return java.util.Optional.of(vad);
  }

  @Override
  public String speakerEngine() {
    return speakerCounter.name();
  }

  @Override
  public AnalysisResult analyze(byte[] audio, AnalysisParams params, Cancellation cancellation) {
    return run(audio, params, true, cancellation).result();
  }

  @Override
  public ChunkAnalysis analyzeChunk(byte[] audio, AnalysisParams params, boolean wholeFile,
                                    Cancellation cancellation) {
    return run(audio, params, wholeFile, cancellation);
  }

  @Override
  public SpeakerResult speakersAcross(List<ChunkEmbeddings> chunks, long[] firstFrames, SpeakerHints hints,
                                      Cancellation cancellation) {
    if (!(speakerCounter instanceof EmbeddingSpeakerCounter embedding)) {
      throw new UnsupportedOperationException("the " + speakerCounter.name() + " speaker engine counts per chunk");
    }
    return embedding.countAcross(chunks, firstFrames, hints, cancellation);
  }

  /**
   * The analysis, and with {@code countSpeakers} false and the embedding counter, the speaker windows' embeddings
   * in place of the count (a chunk of a long file, clustered later with the others).
   */
  private ChunkAnalysis run(byte[] audio, AnalysisParams params, boolean countSpeakers, Cancellation cancellation) {
    long t0 = System.nanoTime();
    cancellation.throwIfCancelled();
    DecodedSignal decoded = AudioDecoder.decode(audio, params.maxAudioSeconds(), cancellation);
    float[] samples = decoded.samples();
    double decodeMs = (System.nanoTime() - t0) / 1e6;
    double durationS = Math.round(decoded.durationSeconds() * 1000.0) / 1000.0;
    cancellation.throwIfCancelled();

    SnrResult snr = null;
    SpeakerResult speakers = null;
    ChunkEmbeddings embeddings = null;
    SnrSums snrSums = null;
    double spectrogramMs = 0;
    double vadMs = 0;
    double snrMs = 0;
    double speakersMs = 0;
    Operation operation = params.operation();
    if (operation.wantsSnr() || operation.wantsSpeakers()) {
      // speakers need the voice activity too, but not the SNR stages
      SpeechAnalysis speech = signalAnalyzer.analyze(
          samples, params.vadHopSize(), params.vadThreshold(), operation.wantsSnr(), cancellation);
      spectrogramMs = speech.spectrogramMs();
      vadMs = speech.vadMs();
      if (operation.wantsSnr()) {
        snr = speech.snr().endingBy(durationS).withClippingRatio(decoded.clippingRatio());
        snrMs = speech.snrMs();
      }
      if (operation.wantsSpeakers()) {
        long s0 = System.nanoTime();
        if (!countSpeakers && speakerCounter instanceof EmbeddingSpeakerCounter embedding) {
          embeddings = embedding.embed(samples, speech.spectrogram(), speech.speechFrames(), cancellation);
        } else {
          speakers = speakerCounter.count(samples, speech.spectrogram(), speech.speechFrames(),
              params.speakerHints(), cancellation).endingBy(durationS);
        }
        speakersMs = (System.nanoTime() - s0) / 1e6;
      }
      snrSums = speech.snrSums();
    }

    return new ChunkAnalysis(new AnalysisResult(
        durationS,
        decoded.format().sampleRate(),
        decoded.format().channels(),
        decoded.format(),
        snr,
        speakers,
        new StageTimings(decodeMs, spectrogramMs, vadMs, snrMs, speakersMs)), snrSums, embeddings);
  }
}

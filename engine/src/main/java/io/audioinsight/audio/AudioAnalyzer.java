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
  public ChunkAnalysis analyzeChunk(byte[] audio, AnalysisParams params, ChunkSpan span, Cancellation cancellation) {
    return run(audio, params, false, span, cancellation);
  }

  @Override
  public boolean takesContext() {
    return true;
  }

  @Override
  public boolean carriesVadState() {
    return vad instanceof io.audioinsight.audio.silero.SileroVad;
  }

  @Override
  public boolean countsSpeakersAtJoin(double seconds) {
    return speakerCounter instanceof EmbeddingSpeakerCounter embedding && embedding.fitsOneClustering(seconds);
  }

  @Override
  public SpeakerResult speakersAcross(List<ChunkEmbeddings> chunks, long[] firstFrames, SpeakerHints hints,
                                      ChunkSamples samples, Cancellation cancellation) {
    if (!(speakerCounter instanceof EmbeddingSpeakerCounter embedding)) {
      throw new UnsupportedOperationException("the " + speakerCounter.name() + " speaker engine counts per chunk");
    }
    return embedding.countAcross(chunks, firstFrames, hints, samples, cancellation);
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
    return run(audio, params, countSpeakers, null, cancellation);
  }

  /**
   * As above; with a {@code span}, the chunk's audio around it is context (see {@link SignalAnalyzer}'s analysis of
   * a range), and everything reported (duration, segments, sums, speech frames, embeddings) is the span's.
   */
  private ChunkAnalysis run(byte[] audio, AnalysisParams params, boolean countSpeakers, ChunkSpan span,
                            Cancellation cancellation) {
    long t0 = System.nanoTime();
    cancellation.throwIfCancelled();
    DecodedSignal decoded = AudioDecoder.decode(audio, params.maxAudioSeconds(), cancellation);
    float[] samples = decoded.samples();
    double decodeMs = (System.nanoTime() - t0) / 1e6;
    int from = span == null ? 0 : (int) Math.min(samples.length, Math.round(span.fromSeconds() * Spectrogram.SAMPLE_RATE));
    int to = span == null ? samples.length
        : (int) Math.min(samples.length, Math.round(span.toSeconds() * Spectrogram.SAMPLE_RATE));
    double durationS = Math.round((span == null ? decoded.durationSeconds()
        : (to - from) / (double) Spectrogram.SAMPLE_RATE) * 1000.0) / 1000.0;
    cancellation.throwIfCancelled();

    SnrResult snr = null;
    SpeakerResult speakers = null;
    ChunkEmbeddings embeddings = null;
    SnrSums snrSums = null;
    VadCarry vadCarry = null;
    boolean usedCarry = false;
    double spectrogramMs = 0;
    double vadMs = 0;
    double snrMs = 0;
    double speakersMs = 0;
    Operation operation = params.operation();
    if (operation.wantsSnr() || operation.wantsSpeakers()) {
      // speakers need the voice activity too, but not the SNR stages
      SpeechAnalysis speech = span == null
          ? signalAnalyzer.analyze(samples, params.vadHopSize(), params.vadThreshold(), operation.wantsSnr(),
              cancellation)
          : signalAnalyzer.analyze(samples, params.vadHopSize(), params.vadThreshold(), operation.wantsSnr(), from,
              to, span.fileMean(), span.vadCarry(), cancellation);
      spectrogramMs = speech.spectrogramMs();
      vadMs = speech.vadMs();
      if (operation.wantsSnr()) {
        snr = speech.snr().endingBy(durationS).withClippingRatio(decoded.clippingRatio());
        snrMs = speech.snrMs();
      }
      if (operation.wantsSpeakers()) {
        long s0 = System.nanoTime();
        if (span != null && !span.embedSpeakers() && speakerCounter instanceof EmbeddingSpeakerCounter) {
          embeddings = EmbeddingSpeakerCounter.speechOnly(speech.speechFrames());
        } else if (!countSpeakers && speakerCounter instanceof EmbeddingSpeakerCounter embedding) {
          embeddings = span == null
              ? embedding.embed(samples, speech.spectrogram(), speech.speechFrames(), cancellation)
              : embedding.embed(samples, from, speech.speechFrames(), cancellation);
        } else if (span != null) {
          // the classic counter on the span alone (it counts per chunk): its own samples and spectrogram
          float[] part = java.util.Arrays.copyOfRange(samples, from, to);
          speakers = speakerCounter.count(part, SignalAnalyzer.spectrogram(part, cancellation), speech.speechFrames(),
              params.speakerHints(), cancellation).endingBy(durationS);
        } else {
          speakers = speakerCounter.count(samples, speech.spectrogram(), speech.speechFrames(),
              params.speakerHints(), cancellation).endingBy(durationS);
        }
        speakersMs = (System.nanoTime() - s0) / 1e6;
      }
      snrSums = speech.snrSums();
      vadCarry = speech.vadCarry();
      usedCarry = speech.usedCarry();
    }

    return new ChunkAnalysis(new AnalysisResult(
        durationS,
        decoded.format().sampleRate(),
        decoded.format().channels(),
        decoded.format(),
        snr,
        speakers,
        new StageTimings(decodeMs, spectrogramMs, vadMs, snrMs, speakersMs)), snrSums, embeddings, vadCarry,
        usedCarry);
  }
}

package io.audioinsight.jobs;

import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.ChunkAnalysis;
import io.audioinsight.audio.Segment;
import io.audioinsight.audio.SnrResult;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.StageTimings;
import io.audioinsight.audio.snr.ActiveSpeechLevel;
import io.audioinsight.audio.snr.ActiveSpeechSnr;
import io.audioinsight.audio.snr.SnrInterval;
import io.audioinsight.audio.snr.SnrSums;
import io.audioinsight.audio.vad.SpeechSegmenter;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins the results of consecutive chunks of one file into the result for the whole file. One chunk is returned
 * as it is, so a job no longer than {@code jobs.chunk_seconds} answers exactly what the synchronous route answers.
 *
 * <p>For more chunks:
 * <ul>
 *   <li>speech segments are shifted to file time; a segment that ends at a chunk boundary and one that starts
 *       there (closer than the segmenter's shortest pause) become one, as the segmenter would have bridged them;
 *       {@code speech_ratio} is recomputed over the whole file;</li>
 *   <li>{@code snr_db}, {@code global_snr_db} and {@code snr_interval_db} (with {@code snr_confidence}) come from
 *       the chunks' SNR sums added up ({@link SnrSums#concat}): the speech power of the whole file against the
 *       noise power of the whole file, as one analysis would pool them ({@link SnrSums}).
 *       {@code active_speech_level_dbfs} is P.56 over the whole file from the chunks' energy and activity counts
 *       ({@link ActiveSpeechLevel.Sums}), {@code clipping_ratio} duration-weighted (a chunk's counts its context);</li>
 *   <li>speakers, with the embedding engine: a file short enough for one clustering is counted from its whole
 *       speech, read back chunk by chunk, exactly as the synchronous route counts it; a longer one is one
 *       clustering of every chunk's window embeddings ({@link Analyzer#speakersAcross}): one set of voices and
 *       labels over the whole file, the hints applied to it. With the classic engine, which has no embeddings, each chunk is counted on its own: {@code
 *       speaker_count} is the largest chunk count (a lower bound on the file's voices) and each chunk's segments
 *       keep that chunk's labels.</li>
 * </ul>
 */
final class ChunkMerger {

  private ChunkMerger() {}

  /**
   * @param chunks    the chunks' analyses, in order
   * @param starts    each chunk's start in the file, in seconds
   * @param durationS the whole file's duration
   * @param analyzer  the engine that analysed the chunks, to cluster their speakers together
   * @param hints     the job's speaker hints
   */
  static AnalysisResult merge(List<ChunkAnalysis> chunks, double[] starts, double durationS, Analyzer analyzer,
                              SpeakerHints hints, Cancellation cancellation) {
    return merge(chunks, starts, durationS, analyzer, hints, null, cancellation);
  }

  /**
   * As above; {@code samples} reads a chunk's samples again, for the speakers of a file short enough to be counted
   * from its whole speech ({@link Analyzer#countsSpeakersAtJoin}); null when no chunk needs them.
   */
  static AnalysisResult merge(List<ChunkAnalysis> chunks, double[] starts, double durationS, Analyzer analyzer,
                              SpeakerHints hints, io.audioinsight.audio.ChunkSamples samples,
                              Cancellation cancellation) {
    List<AnalysisResult> parts = chunks.stream().map(ChunkAnalysis::result).toList();
    if (parts.size() == 1) {
      return parts.get(0);
    }
    AnalysisResult first = parts.get(0);
    double rounded = Math.round(durationS * 1000.0) / 1000.0;
    SnrSums pooledSums = pooledSums(chunks);
    SnrResult snr = first.snr() == null ? null : mergeSnr(parts,
        pooledSums == null ? null : ActiveSpeechSnr.fromSums(pooledSums),
        pooledSums == null ? null : pooledSums.level(), starts, rounded);
    SpeakerResult speakers;
    if (chunks.get(0).embeddings() != null) {
      long[] firstFrames = new long[starts.length];
      for (int i = 0; i < starts.length; i++) {
        firstFrames[i] = Math.round(starts[i] / Spectrogram.FRAME_SECONDS);
      }
      List<io.audioinsight.audio.speakers.embedding.ChunkEmbeddings> embeddings =
          chunks.stream().map(ChunkAnalysis::embeddings).toList();
      speakers = (samples == null ? analyzer.speakersAcross(embeddings, firstFrames, hints, cancellation)
          : analyzer.speakersAcross(embeddings, firstFrames, hints, samples, cancellation)).endingBy(rounded);
    } else {
      speakers = first.speakers() == null ? null : mergeSpeakers(parts, starts);
    }
    double decode = 0;
    double spectrogram = 0;
    double vad = 0;
    double snrMs = 0;
    double speakersMs = 0;
    for (AnalysisResult r : parts) {
      decode += r.timings().decodeMs();
      spectrogram += r.timings().spectrogramMs();
      vad += r.timings().vadMs();
      snrMs += r.timings().snrMs();
      speakersMs += r.timings().speakersMs();
    }
    return new AnalysisResult(rounded, first.sampleRate(), first.channels(), first.format(), snr, speakers,
        new StageTimings(decode, spectrogram, vad, snrMs, speakersMs));
  }

  /**
   * {@code merged} (the analysis of a decoded copy) as the original compressed file's: its format, rate, channels
   * and duration, with no segment past that duration, as the synchronous route reports them.
   */
  static AnalysisResult asSource(AnalysisResult merged, io.audioinsight.audio.decode.SourceFormat format,
                                 double seconds) {
    double durationS = Math.round(seconds * 1000.0) / 1000.0;
    return new AnalysisResult(durationS, format.sampleRate(), format.channels(), format,
        merged.snr() == null ? null : merged.snr().endingBy(durationS),
        merged.speakers() == null ? null : merged.speakers().endingBy(durationS),
        merged.timings());
  }

  /** Every chunk's sums added up, or null when a chunk has none (an analyzer that keeps none). */
  private static SnrSums pooledSums(List<ChunkAnalysis> chunks) {
    List<SnrSums> sums = new ArrayList<>(chunks.size());
    for (ChunkAnalysis c : chunks) {
      if (c.snrSums() == null) {
        return null;
      }
      sums.add(c.snrSums());
    }
    return SnrSums.concat(sums);
  }

  private static SnrResult mergeSnr(List<AnalysisResult> parts, ActiveSpeechSnr.Estimate pooled,
                                    ActiveSpeechLevel.Sums pooledLevel, double[] starts, double durationS) {
    List<Segment> segments = new ArrayList<>();
    double speechWeight = 0;
    double speechSum = 0;
    double globalWeight = 0;
    double globalSum = 0;
    double halfWidthSum = 0;
    double halfWidthWeight = 0;
    double levelSum = 0;
    double levelWeight = 0;
    double clippingSum = 0;
    double durationSum = 0;
    for (int i = 0; i < parts.size(); i++) {
      AnalysisResult part = parts.get(i);
      SnrResult s = part.snr();
      double offset = starts[i];
      double speech = 0;
      for (Segment seg : s.speechSegments()) {
        speech += seg.duration();
        Segment shifted = new Segment(round3(seg.start() + offset), round3(seg.end() + offset));
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last != null && shifted.start() - last.end() < SpeechSegmenter.MIN_SILENCE_SECONDS
            && Math.abs(last.end() - offset) < SpeechSegmenter.MIN_SILENCE_SECONDS) {
          segments.set(segments.size() - 1, new Segment(last.start(), shifted.end()));
        } else {
          segments.add(shifted);
        }
      }
      if (s.snrDb() != null && speech > 0) {
        speechWeight += speech;
        speechSum += speech * Math.pow(10, s.snrDb() / 10);
      }
      if (s.globalSnrDb() != null) {
        globalWeight += part.durationS();
        globalSum += part.durationS() * Math.pow(10, s.globalSnrDb() / 10);
      }
      if (s.snrIntervalDb() != null && speech > 0) {
        halfWidthSum += speech * (s.snrIntervalDb().high() - s.snrIntervalDb().low()) / 2;
        halfWidthWeight += speech;
      }
      if (s.activeSpeechLevelDbfs() != null && speech > 0) {
        levelSum += speech * Math.pow(10, s.activeSpeechLevelDbfs() / 10);
        levelWeight += speech;
      }
      clippingSum += part.durationS() * s.clippingRatio();
      durationSum += part.durationS();
    }
    double total = 0;
    for (Segment seg : segments) {
      total += seg.duration();
    }
    SnrResult first = parts.get(0).snr();
    Double snrDb = speechWeight > 0 ? round2(Math.min(100, 10 * Math.log10(speechSum / speechWeight))) : null;
    // The interval keeps the chunks' mean half-width around the pooled value: more chunks do not narrow it, since
    // the chunks' estimates are not independent samples of one noise.
    SnrResult.Interval interval = null;
    String confidence = null;
    if (snrDb != null && halfWidthWeight > 0) {
      double half = halfWidthSum / halfWidthWeight;
      interval = new SnrResult.Interval(round2(snrDb - half), round2(snrDb + half));
      confidence = SnrInterval.confidence(interval.low(), interval.high());
    }
    Double globalSnrDb = globalWeight > 0 ? round2(10 * Math.log10(globalSum / globalWeight)) : null;
    if (pooled != null) {
      snrDb = pooled.snrDb() == null ? null : round2(pooled.snrDb());
      // as one analysis: no global SNR without a speech segment
      globalSnrDb = pooled.globalSnrDb() == null || segments.isEmpty() ? null : round2(pooled.globalSnrDb());
      interval = pooled.lowDb() == null ? null
          : new SnrResult.Interval(round2(pooled.lowDb()), round2(pooled.highDb()));
      confidence = interval == null ? null : SnrInterval.confidence(pooled.lowDb(), pooled.highDb());
    }
    Double level = levelWeight > 0 ? round2(10 * Math.log10(levelSum / levelWeight)) : null;
    if (pooled != null && pooledLevel != null) {
      // P.56 over the whole file from the chunks' energy and activity counts; null without an SNR, as one analysis
      Double dbfs = ActiveSpeechLevel.dbfs(pooledLevel);
      level = snrDb == null || dbfs == null ? null : round2(dbfs);
    }
    return new SnrResult(
        snrDb,
        globalSnrDb,
        durationS > 0 ? Math.min(1.0, total / durationS) : 0.0,
        segments, first.vadEngine(), first.vadHopSize(), first.vadThreshold(),
        confidence, interval,
        level,
        durationSum > 0 ? clippingSum / durationSum : 0.0);
  }

  private static SpeakerResult mergeSpeakers(List<AnalysisResult> parts, double[] starts) {
    int count = 0;
    List<SpeakerSegment> segments = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      SpeakerResult s = parts.get(i).speakers();
      count = Math.max(count, s.speakerCount());
      for (SpeakerSegment seg : s.speakerSegments()) {
        segments.add(new SpeakerSegment(round3(seg.start() + starts[i]), round3(seg.end() + starts[i]), seg.speaker()));
      }
    }
    // each chunk is clustered on its own (labels are per chunk): see the jobs section of README
    return new SpeakerResult(count, segments, parts.isEmpty() ? "classic" : parts.get(0).speakers().speakerEngine());
  }

  private static double round3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  private static double round2(double v) {
    return Math.round(v * 100.0) / 100.0;
  }
}

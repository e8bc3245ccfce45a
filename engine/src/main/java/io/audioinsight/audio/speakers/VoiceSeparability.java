package io.audioinsight.audio.speakers;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.Spectrogram;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * How far apart {@link SpeakerCounter}'s representation puts voices whose turns are known: the ΔBIC that its
 * clustering would see between every two true voices of a file (each voice's loud speech frames pooled over
 * its turns), and for a one-voice file between its odd and its even turns. Different voices should score
 * above 0 (the stopping rule keeps them apart) and one voice below it.
 *
 * <p>A development measure, not part of the service: it separates what the features and the Gaussian model
 * can tell apart from what the chunking and clustering then lose, and bounds the exact-count accuracy that
 * any stopping threshold could reach with them (see docs/experiments/speaker-counting.md).
 */
public final class VoiceSeparability {

  /**
   * ΔBIC between two groups of one file's speech: two true voices, or two halves of one voice.
   *
   * @param frames loud frames in the two groups together
   */
  public record PairScore(boolean sameVoice, double deltaBic, double frames) {}

  private VoiceSeparability() {}

  /**
   * Scores the voices of one file. Frames are given to the turn whose span holds their centre; a group with
   * fewer loud frames than a cluster needs for a model is left out, so a file may give no scores.
   *
   * @param turns the true turns, speakers numbered from 1
   */
  public static List<PairScore> score(
      Spectrogram spec, boolean[] speechFrames, List<SpeakerSegment> turns, Cancellation cancellation) {
    int[] frames = SpeechFeatures.speechFrames(spec, speechFrames);
    if (frames.length == 0 || turns.isEmpty()) {
      return List.of();
    }
    SpeakerCounter.Settings settings = SpeakerCounter.Settings.defaults();
    int dim = settings.coeffs();
    SpeechFeatures f = SpeechFeatures.of(spec, frames, dim, cancellation);
    float[] x = f.x();
    boolean[] loud = f.loud();
    int n = f.count();

    boolean oneVoice = turns.stream().mapToInt(SpeakerSegment::speaker).distinct().count() == 1;
    // group key: the speaker, or for one voice the turn's parity
    TreeMap<Integer, Gaussian> groups = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      if (!loud[i]) {
        continue;
      }
      double centre = (frames[i] + 0.5) * Spectrogram.FRAME_SECONDS;
      for (int t = 0; t < turns.size(); t++) {
        SpeakerSegment turn = turns.get(t);
        if (centre >= turn.start() && centre < turn.end()) {
          int key = oneVoice ? t % 2 : turn.speaker();
          groups.computeIfAbsent(key, k -> new Gaussian(dim)).add(x, i * dim);
          break;
        }
      }
    }
    List<Gaussian> usable = groups.values().stream().filter(g -> g.n >= SpeakerCounter.MIN_MODEL_FRAMES).toList();
    double[] work = new double[dim * (dim + 1) / 2];
    List<PairScore> scores = new ArrayList<>();
    for (int a = 0; a < usable.size(); a++) {
      for (int b = a + 1; b < usable.size(); b++) {
        Gaussian ga = usable.get(a);
        Gaussian gb = usable.get(b);
        scores.add(new PairScore(
            oneVoice, BicClustering.deltaBic(ga, gb, settings.bicLambda(), work), ga.n + gb.n));
      }
    }
    return scores;
  }
}

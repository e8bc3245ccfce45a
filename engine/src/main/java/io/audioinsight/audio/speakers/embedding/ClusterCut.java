package io.audioinsight.audio.speakers.embedding;

import io.audioinsight.audio.SpeakerHints;
import java.util.Arrays;

/**
 * Where to cut the dendrogram, and which of its clusters are voices.
 *
 * <p>Without hints it is eval.py's rule: stop at the first merge under the threshold; clusters with at least
 * {@code minFrac} of the windows are voices (at least one). With hints (pyannote's semantics) the cut moves from
 * there, one merge at a time, to the nearest one whose count of voices lies in [lower, upper]: later merges
 * when there are too many, earlier ones when too few. A merge changes that count by at most one, so the walk
 * lands inside the range; when even the first merges give too few voices (too few windows reach
 * {@code minFrac}), the cut with exactly {@code lower} clusters is taken and every one of them counts.
 */
final class ClusterCut {

  private ClusterCut() {}

  /**
   * Per point, its voice 0..k-1 (numbered by first point), or -1 for a point in a cluster too small to count.
   * A point is a window, or a group of windows weighing as many ({@link Dendrogram#weight()}): {@code minFrac}
   * is a share of the windows.
   */
  static int[] voices(Dendrogram tree, double threshold, double minFrac, SpeakerHints hints) {
    int n = tree.points();
    int total = tree.total();
    int lower = Math.min(hints.lower(), n);
    int upper = hints.upper();
    int cut = tree.mergesAbove(threshold);
    int count = voiceCount(tree, cut, minFrac);
    if (count > upper) {
      while (count > upper && cut < n - 1) {
        cut++;
        count = voiceCount(tree, cut, minFrac);
      }
    } else if (count < lower) {
      while (count < lower && cut > 0) {
        cut--;
        count = voiceCount(tree, cut, minFrac);
      }
      if (count < lower) {
        return numbered(tree.labelsAfter(n - lower), new boolean[n], true);
      }
    }
    int[] sizes = tree.sizesAfter(cut);
    boolean[] counted = new boolean[n];
    int largest = 0;
    for (int c = 0; c < n; c++) {
      counted[c] = sizes[c] > 0 && isVoice(sizes[c], total, minFrac);
      if (sizes[c] > sizes[largest]) {
        largest = c;
      }
    }
    if (count == 1 && !anyTrue(counted)) {
      counted[largest] = true; // eval.py counts at least one voice: the largest cluster
    }
    return numbered(tree.labelsAfter(cut), counted, false);
  }

  /** eval.py's count_from_sizes: clusters with at least minFrac of the windows, at least 1. */
  static int voiceCount(Dendrogram tree, int cut, double minFrac) {
    int n = tree.total();
    int count = 0;
    for (int size : tree.sizesAfter(cut)) {
      if (size > 0 && isVoice(size, n, minFrac)) {
        count++;
      }
    }
    return Math.max(1, count);
  }

  private static boolean isVoice(int size, int total, double minFrac) {
    return size >= minFrac * total;
  }

  private static int[] numbered(int[] clusterOf, boolean[] counted, boolean all) {
    int n = clusterOf.length;
    int[] number = new int[n];
    Arrays.fill(number, -1);
    int next = 0;
    int[] out = new int[n];
    for (int w = 0; w < n; w++) {
      int c = clusterOf[w];
      if (!all && !counted[c]) {
        out[w] = -1;
        continue;
      }
      if (number[c] < 0) {
        number[c] = next++;
      }
      out[w] = number[c];
    }
    return out;
  }

  private static boolean anyTrue(boolean[] a) {
    for (boolean b : a) {
      if (b) {
        return true;
      }
    }
    return false;
  }
}

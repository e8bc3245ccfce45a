package io.audioinsight.support;

/** Reads values out of Prometheus text. */
public final class Metrics {

  private Metrics() {}

  /** Sum of every sample of {@code name} whose label set contains all of {@code labelFragments}; 0 when none. */
  public static double sum(String text, String name, String... labelFragments) {
    double total = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
        continue;
      }
      boolean all = true;
      for (String f : labelFragments) {
        all &= line.contains(f);
      }
      if (all) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }
}

package io.audioinsight.api;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.config.VadConfig;
import io.audioinsight.inference.RequestParams;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and validates the request parameters ({@code vad_hop_size}, {@code vad_threshold}, {@code timeout_ms},
 * and the speaker hints {@code num_speakers}, {@code min_speakers}, {@code max_speakers}) from any string source: query string, multipart fields, JSON fields, event-bus headers. A bad value is a
 * 400 problem naming the parameter; a missing one takes the configured default.
 */
public final class ParamParser {

  public static final String VAD_HOP_SIZE = "vad_hop_size";
  public static final String VAD_THRESHOLD = "vad_threshold";
  public static final String TIMEOUT_MS = "timeout_ms";
  static final long MAX_TIMEOUT_MS = 86_400_000L;
  private static final Pattern INTEGER = Pattern.compile("[0-9]{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{0,18}(\\.[0-9]{1,18})?");

  private final VadConfig defaults;

  public ParamParser(VadConfig defaults) {
    this.defaults = defaults;
  }

  /** {@code lookup} returns the raw value of a parameter, or null when it is absent. */
  public RequestParams parse(Function<String, String> lookup) {
    int hop = defaults.hopSize();
    String rawHop = lookup.apply(VAD_HOP_SIZE);
    if (rawHop != null) {
      hop = (int) parseLong(VAD_HOP_SIZE, rawHop, AnalysisParams.MIN_VAD_HOP_SIZE, AnalysisParams.MAX_VAD_HOP_SIZE);
    }
    double threshold = defaults.threshold();
    String rawThreshold = lookup.apply(VAD_THRESHOLD);
    if (rawThreshold != null) {
      threshold = parseThreshold(rawThreshold);
    }
    Long timeout = null;
    String rawTimeout = lookup.apply(TIMEOUT_MS);
    if (rawTimeout != null) {
      timeout = parseLong(TIMEOUT_MS, rawTimeout, 1, MAX_TIMEOUT_MS);
    }
    return new RequestParams(hop, threshold, timeout, speakerHints(lookup));
  }

  /** The speaker hints, each an integer in 1..64, and consistent with each other (pyannote's semantics). */
  private static SpeakerHints speakerHints(Function<String, String> lookup) {
    int num = hint(lookup, SpeakerHints.NUM_SPEAKERS);
    int min = hint(lookup, SpeakerHints.MIN_SPEAKERS);
    int max = hint(lookup, SpeakerHints.MAX_SPEAKERS);
    try {
      return new SpeakerHints(num, min, max);
    } catch (SpeakerHints.InvalidHintException e) {
      throw Problems.badParameter(e.parameter(), e.getMessage()).toException();
    }
  }

  private static int hint(Function<String, String> lookup, String name) {
    String raw = lookup.apply(name);
    return raw == null ? 0 : (int) parseLong(name, raw, 1, SpeakerHints.MAX_HINT);
  }

  private static long parseLong(String name, String raw, long min, long max) {
    String s = raw.trim();
    long v;
    try {
      // ASCII digits only: Long.parseLong would also take a sign and other scripts' digits (e.g. Arabic-Indic).
      if (!INTEGER.matcher(s).matches()) {
        throw new NumberFormatException(s);
      }
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw invalid(name, "an integer between " + min + " and " + max, raw);
    }
    if (v < min || v > max) {
      throw invalid(name, "an integer between " + min + " and " + max, raw);
    }
    return v;
  }

  private static double parseThreshold(String raw) {
    String s = raw.trim();
    double v;
    try {
      // Plain decimals only: Double.parseDouble would also take 0x1p-1, 0.5d, 5e-1 and NaN.
      if (!DECIMAL.matcher(s).matches()) {
        throw new NumberFormatException(s);
      }
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw invalid(VAD_THRESHOLD, "a number strictly between 0 and 1", raw);
    }
    if (!(v > 0.0 && v < 1.0)) {
      throw invalid(VAD_THRESHOLD, "a number strictly between 0 and 1", raw);
    }
    return v;
  }

  private static ProblemException invalid(String name, String expected, String raw) {
    String shown = raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
    return Problems.badParameter(name, name + " must be " + expected + ", got '" + shown + "'").toException();
  }
}

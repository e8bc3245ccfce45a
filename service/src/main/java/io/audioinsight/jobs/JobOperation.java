package io.audioinsight.jobs;

import io.audioinsight.api.Problems;
import io.audioinsight.audio.Operation;

/** The {@code operation} parameter of a job: {@code analyze} (the default), {@code snr} or {@code speakers}. */
public final class JobOperation {

  public static final String PARAM = "operation";

  private JobOperation() {}

  public static Operation parse(String raw) {
    if (raw == null) {
      return Operation.ANALYZE;
    }
    return switch (raw.trim()) {
      case "analyze" -> Operation.ANALYZE;
      case "snr" -> Operation.SNR;
      case "speakers" -> Operation.SPEAKERS;
      default -> throw Problems.badParameter(PARAM, "operation must be analyze, snr or speakers, got '"
          + (raw.length() > 40 ? raw.substring(0, 40) + "..." : raw) + "'").toException();
    };
  }
}

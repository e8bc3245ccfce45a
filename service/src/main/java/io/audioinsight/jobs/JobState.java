package io.audioinsight.jobs;

import java.util.Locale;

/**
 * Where a job is in its life. {@code queued -> running -> succeeded | failed}, and {@code cancelled} from either of
 * the first two. After a crash a {@code running} job is put back to {@code queued} and runs again.
 */
public enum JobState {
  QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

  /** The name on the wire and on disk: {@code queued}, {@code running}, ... */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobState ofWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}

package io.audioinsight.jobs;

import io.vertx.core.json.JsonObject;

/**
 * A job as clients see it (HTTP and event bus): {@code id}, {@code state}, {@code operation}, {@code progress}
 * (0..1, audio seconds done over the total), the three timestamps (ISO 8601 UTC, null until reached), and
 * {@code result} (the synchronous route's JSON) once succeeded or {@code problem} (problem+json) once failed.
 */
public final class JobView {

  private JobView() {}

  public static JsonObject of(JobRecord job) {
    JsonObject j = new JsonObject()
        .put("id", job.id())
        .put("state", job.state().wire())
        .put("operation", job.operation().name().toLowerCase(java.util.Locale.ROOT))
        .put("progress", Math.round(job.progress() * 1000.0) / 1000.0)
        .put("created_at", str(job.createdAt()))
        .put("started_at", str(job.startedAt()))
        .put("finished_at", str(job.finishedAt()));
    if (job.result() != null) {
      j.put("result", job.result());
    }
    if (job.problem() != null) {
      j.put("problem", job.problem());
    }
    return j;
  }

  private static String str(java.time.Instant t) {
    return t == null ? null : t.toString();
  }
}

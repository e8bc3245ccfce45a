package io.audioinsight.jobs;

import io.audioinsight.audio.Operation;
import io.audioinsight.audio.SpeakerHints;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/**
 * One job as the store keeps it: what to run, where it is, and its outcome. Immutable; every change is a new
 * record written to the store before anyone is told of it.
 *
 * @param id          the job id (a random UUID)
 * @param operation   analyze, snr or speakers
 * @param vadHopSize  validated request parameter
 * @param vadThreshold validated request parameter
 * @param hints       the speaker hints ({@link SpeakerHints#NONE} for none), applied to the whole file's clustering
 * @param state       where the job is
 * @param progress    audio seconds done over the total, 0..1
 * @param createdAt   accepted (the 202)
 * @param startedAt   first chunk started (null while queued)
 * @param finishedAt  reached a final state (null before)
 * @param result      the synchronous route's JSON (null unless succeeded)
 * @param problem     the problem+json of a failure (null unless failed)
 * @param spoolBytes  bytes of audio held under the spool for this job
 * @param runs        how many times the job was started (more than 1 after a crash)
 * @param callbackUrl where to POST the job when it ends (null: nowhere)
 * @param pendingUrl  the {@code audio_url} the job's audio is still being downloaded from; null once the audio is in
 *                    the spool (and for uploaded audio). A job with one is {@code queued} but does not run yet; after
 *                    a crash its download starts again from the beginning.
 */
public record JobRecord(
    String id,
    Operation operation,
    int vadHopSize,
    double vadThreshold,
    SpeakerHints hints,
    JobState state,
    double progress,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    JsonObject result,
    JsonObject problem,
    long spoolBytes,
    int runs,
    String callbackUrl,
    String pendingUrl) {

  public static JobRecord queued(String id, Operation operation, int vadHopSize, double vadThreshold,
                                 SpeakerHints hints, long spoolBytes, String callbackUrl, Instant now) {
    return new JobRecord(id, operation, vadHopSize, vadThreshold, hints, JobState.QUEUED, 0, now, null, null, null,
        null, spoolBytes, 0, callbackUrl, null);
  }

  /** Queued, its audio still to be downloaded from {@code url} (no bytes in the spool yet). */
  public static JobRecord fetching(String id, Operation operation, int vadHopSize, double vadThreshold,
                                   SpeakerHints hints, String url, String callbackUrl, Instant now) {
    return new JobRecord(id, operation, vadHopSize, vadThreshold, hints, JobState.QUEUED, 0, now, null, null, null,
        null, 0, 0, callbackUrl, url);
  }

  /** Its download done: {@code bytes} of audio in the spool, ready to run. */
  public JobRecord fetched(long bytes) {
    return new JobRecord(id, operation, vadHopSize, vadThreshold, hints, state, progress, createdAt, startedAt,
        finishedAt, result, problem, bytes, runs, callbackUrl, null);
  }

  public JobRecord running(Instant now) {
    return new JobRecord(id, operation, vadHopSize, vadThreshold, hints, JobState.RUNNING, 0, createdAt, now, null,
        null, null, spoolBytes, runs + 1, callbackUrl, pendingUrl);
  }

  public JobRecord withProgress(double p) {
    return new JobRecord(id, operation, vadHopSize, vadThreshold, hints, state, p, createdAt, startedAt, finishedAt,
        result, problem, spoolBytes, runs, callbackUrl, pendingUrl);
  }

  public JobRecord succeeded(JsonObject result, Instant now) {
    return new JobRecord(id, operation, vadHopSize, vadThreshold, hints, JobState.SUCCEEDED, 1, createdAt, startedAt,
        now, result, null, spoolBytes, runs, callbackUrl, pendingUrl);
  }

  public JobRecord failed(JsonObject problem, Instant now) {
    return new JobRecord(id, operation, vadHopSize, vadThreshold, hints, JobState.FAILED, progress, createdAt,
        startedAt, now, null, problem, spoolBytes, runs, callbackUrl, pendingUrl);
  }

  public JobRecord cancelled(Instant now) {
    return new JobRecord(id, operation, vadHopSize, vadThreshold, hints, JobState.CANCELLED, progress, createdAt,
        startedAt, now, null, null, spoolBytes, runs, callbackUrl, pendingUrl);
  }

  /** Back to the queue after a crash: the run that was under way is forgotten, the job runs again from the start. */
  public JobRecord requeued() {
    return new JobRecord(id, operation, vadHopSize, vadThreshold, hints, JobState.QUEUED, 0, createdAt, null, null,
        null, null, spoolBytes, runs, callbackUrl, pendingUrl);
  }

  /** The form on disk: every field, so that the record reads back equal. */
  public JsonObject toStored() {
    return new JsonObject()
        .put("id", id)
        .put("operation", operation.name().toLowerCase(Locale.ROOT))
        .put("vad_hop_size", vadHopSize)
        .put("vad_threshold", vadThreshold)
        .put(SpeakerHints.NUM_SPEAKERS, hints.numSpeakers())
        .put(SpeakerHints.MIN_SPEAKERS, hints.minSpeakers())
        .put(SpeakerHints.MAX_SPEAKERS, hints.maxSpeakers())
        .put("state", state.wire())
        .put("progress", progress)
        .put("created_at", str(createdAt))
        .put("started_at", str(startedAt))
        .put("finished_at", str(finishedAt))
        .put("result", result)
        .put("problem", problem)
        .put("spool_bytes", spoolBytes)
        .put("runs", runs)
        .put("callback_url", callbackUrl)
        .put("pending_audio_url", pendingUrl);
  }

  public static JobRecord fromStored(JsonObject j) {
    return new JobRecord(
        j.getString("id"),
        Operation.valueOf(j.getString("operation").toUpperCase(Locale.ROOT)),
        j.getInteger("vad_hop_size"),
        j.getDouble("vad_threshold"),
        // absent in records written before the hints were kept: none
        new SpeakerHints(j.getInteger(SpeakerHints.NUM_SPEAKERS, 0), j.getInteger(SpeakerHints.MIN_SPEAKERS, 0),
            j.getInteger(SpeakerHints.MAX_SPEAKERS, 0)),
        JobState.ofWire(j.getString("state")),
        j.getDouble("progress"),
        instant(j.getString("created_at")),
        instant(j.getString("started_at")),
        instant(j.getString("finished_at")),
        j.getJsonObject("result"),
        j.getJsonObject("problem"),
        j.getLong("spool_bytes"),
        j.getInteger("runs"),
        j.getString("callback_url"),
        j.getString("pending_audio_url"));
  }

  private static String str(Instant t) {
    return t == null ? null : t.toString();
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }
}

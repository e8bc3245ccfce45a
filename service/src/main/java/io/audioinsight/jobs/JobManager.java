package io.audioinsight.jobs;

import io.audioinsight.api.ParamParser;
import io.audioinsight.api.Problem;
import io.audioinsight.api.Problems;
import io.audioinsight.api.ResultJson;
import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.ChunkAnalysis;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.decode.Mp3Parts;
import io.audioinsight.config.JobsConfig;
import io.audioinsight.inference.AdmissionControl;
import io.audioinsight.inference.InferencePool;
import io.audioinsight.inference.RequestParams;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Accepts, runs, cancels and expires jobs. All of its state lives on one Vert.x context of its own, so nothing here
 * needs a lock: public methods hop onto that context and answer on the caller's. Store writes and spool files go
 * through an ordered worker ({@code audio-jobs-io}), so a job's state changes reach the disk in the order they were
 * made, and each is committed before it is reported.
 *
 * <p><b>Running.</b> A job is cut into chunks ({@link WavChunks}); each chunk is one task on the same
 * {@code audio-inference} pool as the synchronous requests, and chunks of one job run in parallel (up to
 * {@code jobs.parallelism}). Synchronous requests come first: a chunk is started only while no synchronous request
 * waits and a pool thread is free, and when a synchronous request finds every thread busy with job chunks, the chunk
 * started last is stopped through its cancellation (the engine checks every ~100 ms of work) and queued again, so a
 * long job delays a request by about that much rather than by a whole chunk. The results of the chunks are joined
 * by {@link ChunkMerger}.
 *
 * <p><b>Crash safety.</b> A job is acknowledged (202) only after its audio and its {@code queued} record are on
 * disk; a job from {@code audio_url}, once its record naming the URL is (the download runs after the 202, and the
 * job is queued to run once the file is on disk). At start-up every unfinished job is queued again ({@code running}
 * ones from the start, ones whose download had not ended with a fresh download); the engine is deterministic, so a
 * job run twice gives the same answer.
 */
public final class JobManager {

  private static final System.Logger LOG = System.getLogger(JobManager.class.getName());
  public static final String IO_POOL = "audio-jobs-io";
  /** How often a deferred start, and the preemption check, look again. */
  private static final long RETRY_MS = 10;
  /**
   * For this long after a synchronous request was last seen (waiting or running), jobs leave one pool thread free
   * for the next: under steady synchronous traffic a request finds a thread at once instead of preempting a chunk,
   * and the chunk it would have stopped (up to a whole chunk of work, restarted from its beginning) is not thrown
   * away again and again. Without synchronous traffic the jobs get every thread back.
   */
  static final long SYNC_HOLD_NANOS = 2_000_000_000L;
  /** How often a chunk paused for synchronous requests looks whether they are gone. */
  static final long PAUSE_POLL_NANOS = 1_000_000L;
  /** Compressed (non-WAV) audio is read whole; beyond this many bytes it is refused rather than read. */
  static final long MAX_WHOLE_FILE_BYTES = 512L * 1024 * 1024;
  /** In a shared spool, audio without a record is left alone this long (it may be an upload on another node). */
  static final long SHARED_ORPHAN_AGE_MS = 60L * 60 * 1000;

  private final Vertx vertx;
  private final Context context;
  private final JobsConfig config;
  private final JobStore store;
  private final AudioSpool spool;
  private final Analyzer analyzer;
  private final AdmissionControl admission;
  private final int threads;
  private final int parallelism;
  private final WorkerExecutor pool;
  private final WorkerExecutor io;
  private final JobMetrics metrics;
  /** What the pool threads do for jobs: decode, analyse a chunk, join. */
  private final ChunkWork work;

  /** Unfinished jobs (queued or running), by id. */
  private final Map<String, JobRecord> active = new LinkedHashMap<>();
  private final Deque<String> queue = new ArrayDeque<>();
  private final Map<String, RunningJob> running = new LinkedHashMap<>();
  private final List<ChunkTask> inFlight = new ArrayList<>();
  private boolean starting;
  private boolean retryArmed;
  /** Set by {@link #stop}; read by the final join on a pool thread as its cancellation. */
  private volatile boolean stopped;
  private long sweepTimer = -1;
  private io.vertx.core.Handler<JobRecord> onFinished = job -> {};

  public JobManager(Vertx vertx, JobsConfig config, JobStore store, AudioSpool spool, Analyzer analyzer,
                    AdmissionControl admission, int poolThreads, long maxTaskMs, int threadNice, JobMetrics metrics) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.config = config;
    this.store = store;
    this.spool = spool;
    this.analyzer = analyzer;
    this.admission = admission;
    this.threads = poolThreads;
    this.parallelism = config.parallelism() > 0 ? Math.min(config.parallelism(), poolThreads) : poolThreads;
    // The same named pool as LocalInferenceService: Vert.x shares a worker pool by name.
    this.pool = InferencePool.shared(vertx, poolThreads, maxTaskMs, threadNice);
    this.io = vertx.createSharedWorkerExecutor(IO_POOL, 2);
    this.metrics = metrics;
    this.work = new ChunkWork(config, spool, analyzer, () -> stopped);
    metrics.gauges(this::queueDepth, spool::usedBytes);
  }

  public JobsConfig config() {
    return config;
  }

  public AudioSpool spool() {
    return spool;
  }

  private int queueDepth() {
    return queue.size();
  }

  /**
   * Recovers the store (every unfinished job queued again, oldest first), starts the expiry sweep and starts
   * running jobs. Called once the pool is warm.
   */
  public Future<Void> start() {
    return onContext(() -> io.executeBlocking(() -> {
      List<JobRecord> unfinished = new ArrayList<>();
      List<JobRecord> all = store.all();
      // A shared spool also holds the other nodes' audio, some of it mid-upload, its record not written yet.
      int orphans = spool.deleteOrphans(store.allIds(), store.shared() ? SHARED_ORPHAN_AGE_MS : 0);
      if (orphans > 0) {
        LOG.log(Level.INFO, "jobs: deleted " + orphans + " spooled audio files of jobs never accepted (a crash "
            + "before their 202)");
      }
      for (JobRecord job : all) {
        metrics.moved(null, job.state());
        if (job.pendingUrl() != null && !job.state().finished()) {
          spool.delete(job.id(), Files.exists(spool.file(job.id())) ? Files.size(spool.file(job.id())) : 0);
        }
        if (!job.state().finished()) {
          if (job.state() == JobState.RUNNING) {
            JobRecord requeued = job.requeued();
            store.put(requeued);
            metrics.moved(JobState.RUNNING, JobState.QUEUED);
            job = requeued;
          }
          unfinished.add(job);
        }
      }
      unfinished.sort(Comparator.comparing(JobRecord::createdAt));
      return unfinished;
    }, true).map(unfinished -> {
      for (JobRecord job : unfinished) {
        active.put(job.id(), job);
        if (job.pendingUrl() == null) {
          queue.add(job.id());
        } else {
          download(job); // interrupted by the crash: from the beginning again (its partial file is gone)
        }
      }
      activeCount = active.size();
      started = true;
      if (!unfinished.isEmpty()) {
        LOG.log(Level.INFO, "jobs: " + unfinished.size() + " unfinished jobs from before the restart are queued again");
      }
      long sweepMs = (long) Math.max(100, Math.min(60_000, config.retentionSeconds() * 1000 / 4));
      sweepTimer = vertx.setPeriodic(sweepMs, id -> sweep());
      pump();
      return null;
    }));
  }

  /**
   * The 503 a new job gets right now (too many unfinished jobs, or the spool full), or null. Cheap; from any thread.
   */
  public Problem refusalNow(long bytes) {
    if (!started) {
      return Problems.notReady("the job store is being recovered; retry in a moment");
    }
    int unfinished = activeCount;
    if (unfinished >= config.maxQueued()) {
      return Problems.overloaded(retryAfterSeconds(), "there are " + unfinished + " unfinished jobs, the limit "
          + "(jobs.max_queued) is " + config.maxQueued() + "; retry later");
    }
    if (spool.usedBytes() + Math.max(0, bytes) > spool.maxBytes()) {
      return spoolFull();
    }
    return null;
  }

  public Problem spoolFull() {
    return Problems.overloaded(retryAfterSeconds(), "the job audio on disk has reached its limit (jobs.max_spool_bytes, "
        + spool.maxBytes() + " bytes); retry once older jobs have finished and expired (jobs.retention)");
  }

  private long retryAfterSeconds() {
    return 10;
  }

  /** Set once recovery is done: before it, new jobs are refused (recovery deletes audio that no job owns). */
  private volatile boolean started;

  /** Written on the manager's context, read from any: the count behind {@link #refusalNow}. */
  private volatile int activeCount;

  /**
   * Refuses, with a 400 naming it, a request parameter that jobs do not honour: {@code timeout_ms}, the
   * synchronous routes' deadline. A job has no deadline; it runs until it ends or is cancelled (DELETE). The speaker
   * hints, {@code vad_hop_size} and {@code vad_threshold} are honoured as on the synchronous routes.
   */
  public static void checkJobParams(RequestParams params) {
    if (params.timeoutMs() != null) {
      throw Problems.badParameter(ParamParser.TIMEOUT_MS, "timeout_ms is not supported by "
          + "/v1/jobs: a job has no deadline, it runs until it finishes or is cancelled with DELETE /v1/jobs/{id}; "
          + "leave timeout_ms out").toException();
    }
  }

  /**
   * Spools {@code bytes} as the audio of a new job {@code id} (reserving them against {@code jobs.max_spool_bytes})
   * and accepts it: see {@link #accept}.
   */
  public Future<JobRecord> submit(String id, byte[] bytes, Operation operation, RequestParams params,
                                  String callbackUrl) {
    try {
      checkJobParams(params);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (!spool.reserve(bytes.length)) {
      return Future.failedFuture(spoolFull().toException());
    }
    return onContext(() -> io.executeBlocking(() -> {
      try {
        spool.write(id, bytes);
      } catch (RuntimeException e) {
        spool.delete(id, 0);
        spool.release(bytes.length);
        throw e;
      }
      return null;
    }, false)).compose(v -> accept(id, bytes.length, operation, params, callbackUrl));
  }

  /**
   * Accepts job {@code id} whose audio is already in the spool, synced, with {@code bytes} reserved: checks its
   * duration against {@code jobs.max_audio_seconds} (a 413 deletes the audio), commits the {@code queued} record, and
   * queues it. The future completes once the record is on disk.
   */
  public Future<JobRecord> accept(String id, long bytes, Operation operation, RequestParams params,
                                  String callbackUrl) {
    return onContext(() -> io.executeBlocking(() -> {
      try {
        checkDuration(id, bytes);
        JobRecord job = JobRecord.queued(id, operation, params.vadHopSize(), params.vadThreshold(),
            params.speakerHints(), bytes, callbackUrl, Instant.now());
        store.put(job);
        return job;
      } catch (RuntimeException e) {
        spool.delete(id, bytes);
        throw e;
      }
    }, true).map(job -> {
      metrics.moved(null, JobState.QUEUED);
      active.put(id, job);
      activeCount = active.size();
      queue.add(id);
      pump();
      return job;
    }));
  }

  /** On the io worker: a WAV longer than {@code jobs.max_audio_seconds} is refused now, before it is queued. */
  private void checkDuration(String id, long bytes) {
    WavChunks wav = WavChunks.open(spool.file(id));
    if (wav != null && wav.seconds() > config.maxAudioSeconds()) {
      throw Problem.of(413, "audio-too-long", "Audio too long", String.format(Locale.ROOT,
          "the audio is %.1f s long; a job accepts at most %.1f s (jobs.max_audio_seconds)", wav.seconds(),
          config.maxAudioSeconds())).toException();
    }
    if (wav == null && bytes > MAX_WHOLE_FILE_BYTES) {
      throw Problem.of(413, "body-too-large", "Request body too large", "a job's compressed (non-WAV) audio is "
          + "analysed in one piece and may be at most " + MAX_WHOLE_FILE_BYTES + " bytes; send WAV for longer audio")
          .toException();
    }
  }

  /**
   * Where {@code audio_url} downloads go: {@code (jobId, url, abort)} to the job's spool file, completing with its
   * byte count once the file is on disk (its bytes reserved), or failing with the problem (the partial file
   * deleted); when {@code abort} completes (the job was cancelled, or the service stops) the download is stopped,
   * its connection closed, and it fails the same way. Set before {@link #start}, which restarts the downloads a
   * crash interrupted.
   */
  public void downloadWith(Downloader downloader) {
    this.downloader = downloader;
  }

  /** Downloads a job's {@code audio_url} to its spool file: see {@link #downloadWith}. */
  @FunctionalInterface
  public interface Downloader {
    Future<Long> download(String jobId, String url, Future<Void> abort);
  }

  private Downloader downloader = (id, url, abort) ->
      Future.failedFuture(Problems.badRequest("audio_url downloads are not set up").toException());

  /** Downloads under way, by job id: how to stop one, and its end (the partial file deleted by then). */
  private final Map<String, Download> downloads = new LinkedHashMap<>();

  private record Download(Promise<Void> abort, Future<Long> ended) {}

  /**
   * Accepts job {@code id} whose audio is still to be downloaded from {@code url}: commits a {@code queued} record
   * that names the URL and completes (the 202) without waiting for the download. The download then runs in the
   * background; once its file is on disk the job is checked ({@code jobs.max_audio_seconds}) and queued to run,
   * and a failed download becomes the job's {@code failed} problem. The URL's first hop has been checked against
   * the SSRF rules by the caller; redirects are checked as they come.
   */
  public Future<JobRecord> acceptUrl(String id, String url, Operation operation, RequestParams params,
                                     String callbackUrl) {
    try {
      checkJobParams(params);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return onContext(() -> io.executeBlocking(() -> {
      JobRecord job = JobRecord.fetching(id, operation, params.vadHopSize(), params.vadThreshold(),
          params.speakerHints(), url, callbackUrl, Instant.now());
      store.put(job);
      return job;
    }, true).map(job -> {
      metrics.moved(null, JobState.QUEUED);
      active.put(id, job);
      activeCount = active.size();
      download(job);
      return job;
    }));
  }

  /** On the manager's context: starts the download of a job's pending URL. */
  private void download(JobRecord job) {
    Promise<Void> abort = Promise.promise();
    Future<Long> ended = downloader.download(job.id(), job.pendingUrl(), abort.future());
    Download d = new Download(abort, ended);
    downloads.put(job.id(), d);
    ended.onComplete(ar -> context.runOnContext(v -> {
      downloads.remove(job.id(), d);
      downloaded(job, ar.succeeded() ? ar.result() : -1, ar.cause());
    }));
  }

  /** On the manager's context: the download of {@code job} ended with {@code bytes} on disk, or {@code failure}. */
  private void downloaded(JobRecord job, long bytes, Throwable failure) {
    String id = job.id();
    if (active.get(id) != job || stopped) {
      // cancelled meanwhile (its final state is committed), or shutting down (the record keeps its URL: the
      // download starts again after the restart); the audio is not needed now
      if (failure == null) {
        io.executeBlocking(() -> {
          spool.delete(id, bytes);
          return null;
        }, true);
      }
      return;
    }
    if (failure != null) {
      finish(job, job.failed(problemJson(failure), Instant.now()));
      pump();
      return;
    }
    JobRecord ready = job.fetched(bytes);
    io.executeBlocking(() -> {
      try {
        checkDuration(id, bytes);
        store.put(ready);
        return ready;
      } catch (RuntimeException e) {
        spool.delete(id, bytes);
        throw e;
      }
    }, true).onComplete(ar -> {
      if (active.get(id) != job) {
        // cancelled while the record was written: cancel()'s write came after, so it stands; drop the audio
        io.executeBlocking(() -> {
          spool.delete(id, bytes);
          return null;
        }, true);
        return;
      }
      if (ar.failed()) {
        finish(job, job.failed(problemJson(ar.cause()), Instant.now()));
        return;
      }
      active.put(id, ready);
      queue.add(id);
      pump();
    });
  }

  /**
   * The job, with its live progress when it runs here; fails with a 404 problem when unknown or expired. In cluster
   * mode the store is shared, so every node finds every job.
   */
  public Future<JobRecord> get(String id) {
    return getLocal(id);
  }

  /** The job as this node sees it: live when it runs here, else as the store has it; 404 when unknown or expired. */
  public Future<JobRecord> getLocal(String id) {
    return onContext(() -> {
      JobRecord live = active.get(id);
      if (live != null) {
        RunningJob r = running.get(id);
        return Future.succeededFuture(r == null ? live : live.withProgress(r.progress()));
      }
      return io.executeBlocking(() -> store.get(id).filter(j -> !expired(j, Instant.now()))
          .orElseThrow(() -> notFound(id).toException()), false);
    });
  }

  /**
   * Cancels the job: a queued one never runs, a running one stops (its chunks see the cancellation within about a
   * tenth of a second). The {@code cancelled} record is committed before the future completes. A job that has
   * already finished is returned as it is. In cluster mode an unfinished job that another node runs is cancelled
   * there ({@link #cancelOnOwner}).
   */
  public Future<JobRecord> cancel(String id) {
    java.util.function.Function<String, Future<JobRecord>> owner = cancelOnOwner;
    if (owner == null) {
      return cancelLocal(id);
    }
    return onContext(() -> active.containsKey(id) ? cancelLocal(id)
        : get(id).compose(job -> job.state().finished() ? Future.succeededFuture(job) : owner.apply(id)));
  }

  /** Cluster mode: how {@link #cancel} reaches the node that runs a job this one does not. */
  public void cancelOnOwner(java.util.function.Function<String, Future<JobRecord>> forwarder) {
    this.cancelOnOwner = forwarder;
  }

  private volatile java.util.function.Function<String, Future<JobRecord>> cancelOnOwner;

  /** {@link #cancel} of a job this node runs; a job it does not run is returned as the store has it. */
  public Future<JobRecord> cancelLocal(String id) {
    return onContext(() -> {
      JobRecord live = active.get(id);
      if (live == null) {
        return get(id);
      }
      RunningJob r = running.remove(id);
      if (r != null) {
        r.cancelled = true;
      }
      queue.remove(id);
      Future<JobRecord> cancelled = finish(live, live.withProgress(r == null ? 0 : r.progress())
          .cancelled(Instant.now()));
      Download d = downloads.get(id);
      if (d == null) {
        return cancelled;
      }
      // Still downloading: the connection is closed now, and the answer waits for the partial file to be deleted.
      d.abort().tryComplete();
      return cancelled.compose(job -> d.ended().transform(x -> Future.succeededFuture(job)));
    });
  }

  /** Stops running jobs for a shutdown: their chunks stop, their records stay {@code running} and run again after
   * the restart. Completes when no chunk is on the pool. */
  public Future<Void> stop() {
    return onContext(() -> {
      stopped = true;
      if (sweepTimer >= 0) {
        vertx.cancelTimer(sweepTimer);
      }
      for (ChunkTask t : inFlight) {
        t.stopped = true;
      }
      // downloads stop too: their records keep the URL, and the download starts again after the restart
      downloads.values().forEach(d -> d.abort().tryComplete());
      Promise<Void> idle = Promise.promise();
      if (inFlight.isEmpty()) {
        idle.complete();
      } else {
        // armed on an event loop, so that its first tick cannot run before setPeriodic has returned
        vertx.runOnContext(v -> vertx.setPeriodic(RETRY_MS, id -> {
          if (inFlight.isEmpty()) {
            vertx.cancelTimer(id);
            idle.tryComplete();
          }
        }));
      }
      return idle.future();
    });
  }

  public Future<Void> close() {
    return pool.close().eventually(io::close);
  }

  // ---- cluster mode: jobs handed between nodes -----------------------------------------------------------------

  /** Set by {@link #handOver}: where queued jobs go instead of starting here. */
  private java.util.function.Consumer<JobRecord> handOverTo;

  /**
   * Cluster mode: runs a job this node has just claimed (its owner left the cluster or handed it over). An
   * unfinished job is queued here ({@code running} ones again from the start, like after a restart, and a download
   * that had not ended from the beginning); a finished one is only kept, so that this node's expiry sweep deletes it.
   * Its audio is counted against this node's spool budget. The caller has won the claim, so no other node runs it.
   */
  public Future<JobRecord> takeOver(JobRecord claimed) {
    return onContext(() -> {
      if (active.containsKey(claimed.id())) {
        return Future.succeededFuture(active.get(claimed.id()));
      }
      return io.executeBlocking(() -> {
        String id = claimed.id();
        boolean audioHere = Files.exists(spool.file(id));
        spool.track(audioHere ? claimed.spoolBytes() : 0);
        if (Files.exists(spool.decodedFile(id))) {
          spool.trackDecoded(id, Files.size(spool.decodedFile(id)));
        }
        if (claimed.state().finished()) {
          return claimed;
        }
        if (claimed.pendingUrl() != null) {
          spool.delete(id, audioHere ? Files.size(spool.file(id)) : 0); // a partial download: fetched again
          return claimed.state() == JobState.RUNNING ? claimed.requeued() : claimed;
        }
        if (!audioHere) {
          // jobs.dir is not shared between the nodes: the audio stayed on the node that left
          JobRecord lost = claimed.failed(new JsonObject(ResultJson.problem(Problem.of(503, "job-audio-lost",
              "Job audio lost", "the node that accepted job " + id + " left the cluster and its audio is not in this "
              + "node's jobs.dir (in cluster mode jobs.dir must be a volume that every node shares); submit the "
              + "job again")).toString()), Instant.now());
          store.put(lost);
          return lost;
        }
        JobRecord queued = claimed.state() == JobState.RUNNING ? claimed.requeued() : claimed;
        if (queued != claimed) {
          store.put(queued);
        }
        return queued;
      }, true).map(job -> {
        metrics.moved(null, job.state());
        if (!job.state().finished() && !stopped) {
          active.put(job.id(), job);
          activeCount = active.size();
          if (job.pendingUrl() == null) {
            queue.add(job.id());
          } else {
            download(job);
          }
          pump();
        }
        return job;
      });
    });
  }

  /**
   * Cluster mode, for a drain: from now on no queued job starts here; each one (now and any queued later) is taken
   * out of this node and given to {@code to}, which releases it for another node to claim. Running jobs run on
   * until {@link #stop}; after this node has left, the others claim them too.
   */
  public Future<Void> handOver(java.util.function.Consumer<JobRecord> to) {
    return onContext(() -> {
      handOverTo = to;
      pump();
      return Future.succeededFuture();
    });
  }

  /** On the manager's context, while handing over: every queued job leaves this node. */
  private void handOverQueued() {
    while (!queue.isEmpty()) {
      JobRecord job = active.remove(queue.poll());
      activeCount = active.size();
      metrics.moved(job.state(), null);
      handOverTo.accept(job);
    }
  }

  // ---- running -------------------------------------------------------------------------------------------------

  /**
   * Starts what may start: chunks of running jobs first (oldest job first), then the next queued job. A chunk needs a
   * free pool thread that no synchronous request is waiting for; otherwise this looks again in {@link #RETRY_MS}.
   */
  private void pump() {
    if (stopped) {
      return;
    }
    if (handOverTo != null) {
      handOverQueued();
    }
    preemptIfRequestsWait();
    int chunkThreads = threadsForChunks();
    boolean deferred = false;
    while (inFlight.size() < parallelism) {
      RunningJob job = null;
      boolean mayDecode = decodesInFlight() < Math.max(1, threads - 1);
      for (RunningJob r : running.values()) {
        if (r.hasStartableChunk() || r.hasDecodePart() || ((r.needsDecode() || r.readyToJoinParts()) && mayDecode)) {
          job = r;
          break;
        }
      }
      if (job == null && (queue.isEmpty() || starting)) {
        break; // nothing to start
      }
      if (admission.waitingJobs() > 0 || admission.runningJobs() + inFlight.size() >= threads
          || inFlight.size() >= chunkThreads) {
        deferred = true; // synchronous requests first
        break;
      }
      if (job == null) {
        startNextJob();
        break;
      }
      dispatchNext(job);
    }
    if (deferred || !inFlight.isEmpty()) {
      retrySoon(); // also keeps the preemption check going while chunks run
    }
  }

  /** When a synchronous request was last seen waiting or running ({@link #SYNC_HOLD_NANOS}). */
  private long lastSyncNanos = System.nanoTime() - SYNC_HOLD_NANOS;

  /**
   * The pool threads chunks may take: all of them, or all but one while synchronous requests have been seen within
   * {@link #SYNC_HOLD_NANOS} (a pool of one thread lets the chunk have it: a request then preempts the chunk).
   * Called by every {@link #pump}, which runs every {@link #RETRY_MS} while chunks are in flight.
   */
  private int threadsForChunks() {
    long now = System.nanoTime();
    if (admission.waitingJobs() > 0 || admission.runningJobs() > 0) {
      lastSyncNanos = now;
    }
    return now - lastSyncNanos < SYNC_HOLD_NANOS ? Math.max(1, threads - 1) : threads;
  }

  /**
   * A whole decode and a join of decoded parts cannot be preempted (restarted, a long one could starve), so at most
   * all threads but one run them at a time: a synchronous request always finds a thread within one chunk. Decode
   * parts are short and preempted like chunks.
   */
  private int decodesInFlight() {
    int n = 0;
    for (ChunkTask t : inFlight) {
      if (!t.kind.preemptible()) {
        n++;
      }
    }
    return n;
  }

  private void retrySoon() {
    if (!retryArmed) {
      retryArmed = true;
      vertx.setTimer(RETRY_MS, id -> {
        retryArmed = false;
        pump();
      });
    }
  }

  /**
   * A synchronous request waits and every pool thread is busy, some with job chunks: the chunk started last (the
   * least work lost) is stopped and will run again. One at a time: the next is stopped only if requests still wait.
   */
  private void preemptIfRequestsWait() {
    if (inFlight.isEmpty() || admission.waitingJobs() == 0
        || admission.runningJobs() + inFlight.size() < threads) {
      return;
    }
    for (int i = inFlight.size() - 1; i >= 0; i--) {
      ChunkTask t = inFlight.get(i);
      if (!t.preempted && t.kind.preemptible()) { // a whole decode is not: restarted, it could starve
        t.preempted = true;
        metrics.preempted();
        return;
      }
    }
  }

  private void startNextJob() {
    if (starting || queue.isEmpty()) {
      return;
    }
    String id = queue.poll();
    JobRecord queued = active.get(id);
    starting = true;
    JobRecord started = queued.running(Instant.now());
    io.executeBlocking(() -> {
      store.put(started);
      WavChunks wav = WavChunks.open(spool.file(id));
      // the whole file's mean, which chunks with context take out as one analysis would (one read of the file)
      return new OpenedJob(wav, wav != null && analyzer.takesContext() && wav.seconds() > config.chunkSeconds()
          ? wav.mean16kMono() : Double.NaN);
    }, true).onComplete(ar -> {
      starting = false;
      if (active.get(id) != queued) {
        pump(); // cancelled while its start was being written; cancel() has written its final state
        return;
      }
      if (ar.failed()) {
        finish(queued, started.failed(problemJson(ar.cause()), Instant.now()));
        pump();
        return;
      }
      metrics.moved(JobState.QUEUED, JobState.RUNNING);
      active.put(id, started);
      RunningJob job = new RunningJob(started, ar.result().wav(), config.chunkSeconds(), alignToContext(),
          carryRuns());
      job.mean = ar.result().mean();
      running.put(id, job);
      if (ar.result().wav() == null) {
        LOG.log(Level.DEBUG, "jobs: " + id + " is compressed audio; decoding it to a WAV first");
      }
      pump();
    });
  }

  /** Whether chunks start on the grid their context lines up with (an analyzer that takes context). */
  private boolean alignToContext() {
    return analyzer.takesContext();
  }

  /**
   * Into how many runs of consecutive chunks a job is cut when its chunks can carry the voice activity network's
   * state ({@link RunningJob#runStart}): one per thread jobs may use ({@code jobs.parallelism}, at most the pool), so
   * that the threads still share a job; 0 where the analyzer carries nothing or there is no context to replace (every
   * chunk then starts at once, with its own context). The layout depends on the file and these settings only, never
   * on timing. While synchronous requests keep a thread from jobs ({@link #threadsForChunks}), one run waits for a
   * thread: jobs make way for requests then anyway.
   */
  private int carryRuns() {
    return analyzer.carriesVadState() && config.contextSeconds() > 0 ? parallelism : 0;
  }

  private record OpenedJob(WavChunks wav, double mean) {}

  /** Starts what {@code job} needs next: its decode, a part of it, the join of the parts, or its next chunk. */
  private void dispatchNext(RunningJob job) {
    if (job.needsDecode()) {
      job.decoding = true;
      ChunkTask task = newTask(job, ChunkTask.Kind.DECODE, 0);
      boolean whole = job.decodeWhole;
      pool.executeBlocking(() -> work.decode(task, whole), false).onComplete(ar -> {
        inFlight.remove(task);
        decodeDone(task, ar.succeeded() ? ar.result() : null, ar.cause());
        pump();
      });
    } else if (job.hasDecodePart()) {
      PartedDecode parts = job.parts;
      ChunkTask task = newTask(job, ChunkTask.Kind.DECODE_PART, parts.start());
      pool.executeBlocking(() -> work.decodePart(task, parts.plan), false).onComplete(ar -> {
        inFlight.remove(task);
        partDone(task, parts, ar.succeeded() ? ar.result() : null, ar.cause());
        pump();
      });
    } else if (job.readyToJoinParts()) {
      PartedDecode parts = job.parts;
      parts.joining();
      ChunkTask task = newTask(job, ChunkTask.Kind.DECODE_JOIN, 0);
      pool.executeBlocking(() -> work.joinParts(task, parts.plan, parts.done), false).onComplete(ar -> {
        inFlight.remove(task);
        if (job.parts == parts) {
          job.parts = null;
        }
        if (ar.succeeded()) {
          LOG.log(Level.INFO, String.format(Locale.ROOT, "jobs: %s: %.0f s of MP3 decoded in %d parts in %.2f s",
              job.record.id(), ar.result().source().seconds(), parts.plan.parts(),
              (System.nanoTime() - parts.startNanos) / 1e9));
        }
        wholeDecodeDone(task, ar.succeeded() ? ar.result() : null, ar.cause());
        pump();
      });
    } else {
      int index = job.nextChunk();
      ChunkTask task = newTask(job, ChunkTask.Kind.CHUNK, index);
      pool.executeBlocking(() -> work.analyse(task), false).onComplete(ar -> {
        inFlight.remove(task);
        chunkDone(task, ar.succeeded() ? ar.result() : null, ar.cause());
        pump();
      });
    }
  }

  private ChunkTask newTask(RunningJob job, ChunkTask.Kind kind, int index) {
    ChunkTask task = new ChunkTask(job, kind, index,
        () -> admission.runningJobs() > 0 || admission.waitingJobs() > 0);
    inFlight.add(task);
    return task;
  }

  /** A compressed job's decode ended: decoded whole, or planned in parts (which start from the next pump). */
  private void decodeDone(ChunkTask task, ChunkWork.DecodeStart start, Throwable failure) {
    RunningJob job = task.job;
    if (failure == null && start.parts() != null) {
      job.decoding = false;
      if (running.get(job.record.id()) == job && !stopped) {
        job.parts = new PartedDecode(start.parts());
        LOG.log(Level.DEBUG, "jobs: " + job.record.id() + ": decoding in " + start.parts().parts() + " parts");
      }
      return;
    }
    wholeDecodeDone(task, failure == null ? start.whole() : null, failure);
  }

  /** One decode part ended: the job goes on, fails, or decodes whole ({@link PartedDecode#ended}). */
  private void partDone(ChunkTask task, PartedDecode parts, Transcoder.Part result, Throwable failure) {
    RunningJob job = task.job;
    if (running.get(job.record.id()) != job || stopped || job.parts != parts) {
      return;
    }
    if (failure instanceof Mp3Parts.Mismatch && !parts.abandoned()) {
      LOG.log(Level.WARNING, "jobs: " + job.record.id() + ": a decode part did not match one decode ("
          + failure.getMessage() + "); decoding the file whole");
    }
    switch (parts.ended(task.index, result, failure, task.preempted)) {
      case FAIL -> fail(job, failure);
      case DECODE_WHOLE -> {
        job.parts = null;
        job.decodeWhole = true; // from the next pump, as any compressed job's decode
      }
      case GO_ON -> { }
    }
  }

  /**
   * One of a running job's tasks failed: the job fails, and its other tasks stop at their next checkpoint (they
   * would otherwise run on for nothing, and a late decode part could write into the decoded WAV after
   * {@link #finish} has deleted it).
   */
  private void fail(RunningJob job, Throwable failure) {
    job.cancelled = true;
    running.remove(job.record.id());
    finish(job.record, job.record.failed(problemJson(failure), Instant.now()));
  }

  /** A compressed job is a WAV now (decoded whole, or its parts joined): its chunks are laid out. */
  private void wholeDecodeDone(ChunkTask task, ChunkWork.DecodedJob decoded, Throwable failure) {
    RunningJob job = task.job;
    job.decoding = false;
    if (running.get(job.record.id()) != job || stopped) {
      return;
    }
    if (failure != null) {
      fail(job, failure);
      return;
    }
    job.mean = decoded.mean();
    job.decoded(decoded.wav(), decoded.source(), config.chunkSeconds(), alignToContext(), carryRuns());
  }


  private void chunkDone(ChunkTask task, ChunkAnalysis result, Throwable failure) {
    RunningJob job = task.job;
    if (running.get(job.record.id()) != job || stopped) {
      return; // cancelled, failed by another chunk, or shutting down (the record stays running: it runs again)
    }
    if (failure instanceof AnalysisCancelledException && task.preempted) {
      job.pending.addFirst(task.index); // gave its thread to a synchronous request; runs again
      return;
    }
    if (failure != null) {
      fail(job, failure);
      return;
    }
    job.done(task.index, result, task.nanos);
    if (task.carried) {
      job.carriedChunks++;
    }
    if (job.completed()) {
      running.remove(job.record.id());
      JobRecord from = job.record;
      // Joining (one clustering of every chunk's speaker windows) and rendering a result of hours (thousands of
      // segments) is CPU work for the inference pool, not this loop.
      pool.executeBlocking(() -> work.resultJson(job), false).onComplete(ar -> {
        if (active.get(from.id()) != from) {
          return; // cancelled meanwhile: cancel() has committed its final state
        }
        if (stopped) {
          return; // shutting down: the record stays running and the job runs again after the restart
        }
        finish(from, ar.succeeded() ? from.succeeded(ar.result(), Instant.now())
            : from.failed(problemJson(ar.cause()), Instant.now()));
      });
    }
  }


  /**
   * Commits the final state of {@code from}, then forgets the job as active. On the manager's context. A compressed
   * job's decoded WAV goes once the state is committed: nothing reads it again (a rerun decodes afresh), and it is
   * eight times the size of a 64 kbit/s MP3, so keeping it until {@code jobs.retention} would fill
   * {@code jobs.max_spool_bytes} with copies no one needs.
   */
  private Future<JobRecord> finish(JobRecord from, JobRecord to) {
    active.remove(from.id());
    activeCount = active.size();
    metrics.moved(from.state(), to.state());
    return io.executeBlocking(() -> {
      store.put(to);
      spool.deleteDecoded(to.id());
      return to;
    }, true).onSuccess(onFinished)
        .onFailure(t -> LOG.log(Level.ERROR, "jobs: cannot record the end of job " + from.id(), t));
  }

  /** Called on the manager's context with each job's final record, once it is committed (callbacks hook here). */
  public void onFinished(java.util.function.Consumer<JobRecord> hook) {
    this.onFinished = hook::accept;
  }

  private JsonObject problemJson(Throwable failure) {
    Problem p = Problems.from(failure);
    if (failure instanceof AudioFormatException a && a.kind() == AudioFormatException.Kind.TOO_LONG) {
      // Only compressed audio, whose duration is known once decoded, can reach the limit inside a job.
      p = Problem.of(413, "audio-too-long", "Audio too long", a.getMessage() + " (jobs.max_audio_seconds)");
    }
    return new JsonObject(ResultJson.problem(p).toString());
  }

  // ---- expiry --------------------------------------------------------------------------------------------------

  private boolean expired(JobRecord job, Instant now) {
    return job.state().finished() && job.finishedAt() != null
        && job.finishedAt().plusMillis((long) (config.retentionSeconds() * 1000)).isBefore(now);
  }

  /** Deletes finished jobs older than {@code jobs.retention}, with their audio. */
  private void sweep() {
    if (stopped) {
      return;
    }
    io.executeBlocking(() -> {
      Instant now = Instant.now();
      List<JobState> deleted = new ArrayList<>();
      for (JobRecord job : store.all()) {
        if (expired(job, now)) {
          spool.delete(job.id(), job.spoolBytes());
          store.delete(job.id());
          deleted.add(job.state());
        }
      }
      return deleted;
    }, true).onSuccess(deleted -> deleted.forEach(s -> metrics.moved(s, null)))
        .onFailure(t -> LOG.log(Level.ERROR, "jobs: the expiry sweep failed", t));
  }

  static Problem notFound(String id) {
    String shown = id.length() > 64 ? id.substring(0, 64) + "..." : id;
    return Problem.of(404, "job-not-found", "Job not found", "no job " + shown
        + " (never created, or deleted jobs.retention after it finished)");
  }

  /** Runs {@code action} on the manager's context; the returned future completes on the caller's context. */
  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    Context caller = vertx.getOrCreateContext();
    Promise<T> answer = Promise.promise();
    context.runOnContext(v -> {
      Future<T> f;
      try {
        f = action.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> caller.runOnContext(x -> answer.handle(ar)));
    });
    return answer.future();
  }
}

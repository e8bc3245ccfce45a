package io.audioinsight.audio.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The sessions of one ONNX model: one per caller running it at the same moment, created on demand and reused. A
 * caller {@link #borrow}s a session for one stretch of work (a file's voice activity, a batch of embeddings) and
 * gives it back by closing the {@link Lease}.
 *
 * <p>Why not one session for every thread, which {@code OrtSession.run} allows: two pool threads running one shared
 * session each spent about 10 % more CPU per analysis than two processes did (2.21-2.26 s against 1.96-2.07 s for a
 * 600 s file, three interleaved rounds, docs/BENCHMARKS.md "Jobs"); one session per thread cost nothing more than the
 * processes. So the number of sessions follows the concurrency (the inference pool's size, at most), and a session
 * is never used by two threads at once.
 *
 * <p>The first session is created by {@link #open}, so a corrupt model fails at load; the others when first needed
 * (a few tens of ms for the models here, once per extra thread). An extra session costs about 9 MB of native memory
 * for Silero and under 1 MB for the speaker-embedding model (RSS, 2026-12-06). Thread-safe.
 */
public final class SessionPool implements AutoCloseable {

  /** Creates the model's session with the options its owner chose. */
  @FunctionalInterface
  public interface Factory {
    OrtSession create(OrtEnvironment env) throws OrtException;
  }

  private final OrtEnvironment env;
  private final Factory factory;
  /** Idle sessions, the most recently used first (it is the one most likely still in the caches). */
  private final Deque<OrtSession> idle = new ArrayDeque<>();
  private final List<OrtSession> all = new ArrayList<>();
  private boolean closed;
  /** Sessions lent out now. */
  private int lent;
  /** What {@link #close(Runnable)} was asked to run once the last lent session comes back. */
  private Runnable afterLastReturned;

  private SessionPool(OrtEnvironment env, Factory factory) {
    this.env = env;
    this.factory = factory;
  }

  /**
   * A pool of sessions of {@code model} as the engine runs its models: one intra-op and one inter-op thread each (the
   * service's worker pool gives the parallelism), graph optimisations on, and neither ORT's arena allocator nor its
   * memory-pattern cache. Those two take one lock per allocation: when every pool thread shared one session, two
   * threads queued on it (349 audio s/s of ANALYZE against 2 x 225 for separate engines; without both: 422,
   * docs/BENCHMARKS.md, loop latency).
   */
  public static SessionPool open(OrtEnvironment env, byte[] model) throws OrtException {
    return open(env, e -> {
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        options.setCPUArenaAllocator(false);
        options.setMemoryPatternOptimization(false);
        return e.createSession(model, options);
      }
    });
  }

  /** A pool holding one session, created now; {@code factory} makes more when callers overlap. */
  public static SessionPool open(OrtEnvironment env, Factory factory) throws OrtException {
    SessionPool pool = new SessionPool(env, factory);
    OrtSession first = factory.create(env);
    pool.all.add(first);
    pool.idle.push(first);
    return pool;
  }

  /** A session for the calling thread alone until the lease is closed. */
  public Lease borrow() {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the model's sessions are closed");
      }
      OrtSession s = idle.poll();
      if (s != null) {
        lent++;
        return new Lease(s);
      }
    }
    OrtSession created; // outside the lock: creating a session takes milliseconds
    try {
      created = factory.create(env);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot create another session of a model it loaded before", e);
    }
    synchronized (this) {
      if (closed) {
        closeQuietly(created);
        throw new IllegalStateException("the model's sessions are closed");
      }
      all.add(created);
      lent++;
    }
    return new Lease(created);
  }

  /** How many sessions exist: the most callers that overlapped so far. */
  public synchronized int sessions() {
    return all.size();
  }

  /**
   * The session the first {@link #borrow} would get, for a look at its inputs and outputs (not to run: another thread
   * may be running it).
   */
  public synchronized OrtSession any() {
    if (closed) {
      throw new IllegalStateException("the model's sessions are closed");
    }
    return all.get(0);
  }

  /** Closes every session; a session still lent out is closed when its lease is. */
  @Override
  public void close() {
    close(() -> { });
  }

  /**
   * As {@link #close()}, then runs {@code afterLastReturned} once no session is lent out any more (at once if none
   * is): the owner frees there what running sessions still use (Silero's shared sample-rate tensor).
   */
  public void close(Runnable afterLastReturned) {
    boolean now;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (OrtSession s : idle) {
        closeQuietly(s);
      }
      idle.clear();
      now = lent == 0;
      if (!now) {
        this.afterLastReturned = afterLastReturned;
      }
    }
    if (now) {
      afterLastReturned.run();
    }
  }

  private void giveBack(OrtSession s) {
    Runnable last = null;
    synchronized (this) {
      lent--;
      if (!closed) {
        idle.push(s);
        return;
      }
      closeQuietly(s);
      if (lent == 0) {
        last = afterLastReturned;
        afterLastReturned = null;
      }
    }
    if (last != null) {
      last.run();
    }
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException ignored) {
      // closing at shutdown; nothing to do about it
    }
  }

  /** One borrowed session; closing it gives the session back (once). */
  public final class Lease implements AutoCloseable {
    private OrtSession session;

    private Lease(OrtSession session) {
      this.session = session;
    }

    public OrtSession session() {
      if (session == null) {
        throw new IllegalStateException("the session was given back");
      }
      return session;
    }

    @Override
    public void close() {
      if (session != null) {
        OrtSession s = session;
        session = null;
        giveBack(s);
      }
    }
  }
}

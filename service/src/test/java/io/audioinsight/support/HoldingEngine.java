package io.audioinsight.support;

import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.Cancellation;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test engine that can be held: while held, every call waits on a latch, checking its {@link Cancellation}
 * between short waits the way the real engine checks between blocks of frames, and stops with
 * {@link AnalysisCancelledException} once cancelled. Released, it answers like {@link TestAnalyzer}. It counts
 * the calls that reached it and the cancellations it observed.
 */
public final class HoldingEngine implements Analyzer {

  private final TestAnalyzer answers = new TestAnalyzer(true);
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger cancellationsObserved = new AtomicInteger();

  /** From now on calls wait until {@link #release}. */
  public void hold() {
    gate = new CountDownLatch(1);
  }

  public void release() {
    gate.countDown();
  }

  /** Calls that reached the engine (warm-up included). */
  public int calls() {
    return calls.get();
  }

  /** Calls inside the engine now. */
  public int running() {
    return running.get();
  }

  public int cancellationsObserved() {
    return cancellationsObserved.get();
  }

  @Override
  public AnalysisResult analyze(byte[] wav, AnalysisParams params, Cancellation cancellation) {
    calls.incrementAndGet();
    running.incrementAndGet();
    try {
      CountDownLatch g = gate;
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!g.await(2, TimeUnit.MILLISECONDS)) {
        if (cancellation.isCancelled()) {
          cancellationsObserved.incrementAndGet();
          throw new AnalysisCancelledException();
        }
        if (System.nanoTime() > giveUp) {
          throw new IllegalStateException("test engine held for 60 s: the test never released it");
        }
      }
      return answers.analyze(wav, params, cancellation);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      running.decrementAndGet();
    }
  }

  @Override
  public String vadEngine() {
    return "test";
  }
}

package io.audioinsight.support;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Segment;
import io.audioinsight.audio.SnrResult;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.StageTimings;
import io.audioinsight.audio.decode.DecodedAudio;
import io.audioinsight.audio.decode.Resampler;
import io.audioinsight.audio.decode.SourceFormat;
import io.audioinsight.audio.decode.WavDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small but genuine engine for service tests that must control timing (a gate) or lack speakers: the real
 * {@link WavDecoder} and {@link Resampler} (so format errors are the real ones), then speech as VAD-hop blocks
 * well above the quietest, and the speech-to-pause energy ratio as SNR. Speakers:
 * one per speech segment run (enough to exercise the route). A {@link #gate} lets a test hold every call.
 */
public final class TestAnalyzer implements Analyzer {

  private final boolean withSpeakers;
  private volatile RuntimeException bug;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final AtomicInteger calls = new AtomicInteger();
  private final List<Map.Entry<Integer, CompletableFuture<Void>>> waiters = new ArrayList<>();

  public TestAnalyzer(boolean withSpeakers) {
    this.withSpeakers = withSpeakers;
  }

  /** From now on every analysis throws {@code bug} (a stand-in for an engine bug). */
  public void failWith(RuntimeException bug) {
    this.bug = bug;
  }

  /** Every analysis waits until {@link #open} is called. */
  public void close() {
    gate = new CountDownLatch(1);
  }

  public void open() {
    gate.countDown();
  }

  public int calls() {
    return calls.get();
  }

  /** Completes once the engine has been entered {@code n} times in all (warm-up included). */
  public synchronized CompletableFuture<Void> whenCalls(int n) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (calls.get() >= n) {
      f.complete(null);
    } else {
      waiters.add(Map.entry(n, f));
    }
    return f;
  }

  private synchronized void entered() {
    int c = calls.incrementAndGet();
    waiters.removeIf(w -> {
      if (c >= w.getKey()) {
        w.getValue().complete(null);
        return true;
      }
      return false;
    });
  }

  @Override
  public String vadEngine() {
    return "test";
  }

  @Override
  public AnalysisResult analyze(byte[] wav, AnalysisParams params, Cancellation cancellation) {
    entered();
    try {
      if (!gate.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (bug != null) {
      throw bug;
    }
    long t0 = System.nanoTime();
    // The real decoder: its AudioFormatException kinds and messages are what the service must map.
    DecodedAudio audio = WavDecoder.decode(wav, params.maxAudioSeconds());
    float[] x = Resampler.toRate(audio.samples(), audio.sampleRate(), 16_000, cancellation);
    int rate = 16_000;
    int frames = x.length;
    double duration = audio.durationSeconds();
    int block = Math.max(1, params.vadHopSize() * rate / 16_000);
    int blocks = (frames + block - 1) / block;
    double[] power = new double[blocks];
    double max = 0;
    for (int k = 0; k < blocks; k++) {
      if (k % 100 == 0) {
        cancellation.throwIfCancelled();
      }
      double sum = 0;
      int end = Math.min(frames, (k + 1) * block);
      for (int i = k * block; i < end; i++) {
        sum += x[i] * x[i];
      }
      power[k] = sum / Math.max(1, end - k * block);
      max = Math.max(max, power[k]);
    }
    List<Segment> segments = new ArrayList<>();
    double speech = 0;
    double noise = 0;
    int speechBlocks = 0;
    int start = -1;
    for (int k = 0; k <= blocks; k++) {
      boolean active = k < blocks && power[k] > max * 0.01 * (1 - params.vadThreshold()) * 2;
      if (k < blocks) {
        if (active) {
          speech += power[k];
          speechBlocks++;
        } else {
          noise += power[k];
        }
      }
      if (active && start < 0) {
        start = k;
      } else if (!active && start >= 0) {
        segments.add(new Segment((double) start * block / rate, Math.min(duration, (double) k * block / rate)));
        start = -1;
      }
    }
    int noiseBlocks = blocks - speechBlocks;
    Double snr = speechBlocks == 0 ? null
        : noiseBlocks == 0 || noise == 0 ? 100.0
        : Math.min(100, 10 * Math.log10((speech / speechBlocks) / (noise / noiseBlocks)));
    double ratio = segments.stream().mapToDouble(Segment::duration).sum() / Math.max(duration, 1e-9);
    SnrResult snrResult = params.operation().wantsSnr()
        ? new SnrResult(snr, snr, ratio, segments, vadEngine(), params.vadHopSize(), params.vadThreshold()) : null;
    SpeakerResult speakers = null;
    if (withSpeakers && params.operation().wantsSpeakers()) {
      List<SpeakerSegment> s = segments.stream().map(g -> new SpeakerSegment(g.start(), g.end(), 1)).toList();
      speakers = new SpeakerResult(s.isEmpty() ? 0 : 1, s);
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    SourceFormat format = new SourceFormat("wav", "pcm", audio.sampleRate(), audio.channels());
    return new AnalysisResult(duration, audio.sampleRate(), audio.channels(), format, snrResult, speakers,
        new StageTimings(0, 0, ms, 0, 0));
  }
}

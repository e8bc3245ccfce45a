package io.audioinsight.support;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Segment;
import io.audioinsight.audio.SnrResult;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.StageTimings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small but genuine engine for service tests while the DSP engine is on another branch: it parses a PCM
 * 16-bit WAV (throwing the engine's {@link AudioFormatException} kinds the way the real decoder does), finds
 * speech as 32 ms blocks within 20 dB of the loudest block, and reports the energy ratio as SNR. Speakers:
 * one per speech segment run (enough to exercise the route). A {@link #gate} lets a test hold every call.
 */
public final class TestAnalyzer implements Analyzer {

  private final boolean withSpeakers;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final AtomicInteger calls = new AtomicInteger();

  public TestAnalyzer(boolean withSpeakers) {
    this.withSpeakers = withSpeakers;
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

  @Override
  public String vadEngine() {
    return "test";
  }

  @Override
  public AnalysisResult analyze(byte[] wav, AnalysisParams params, Cancellation cancellation) {
    calls.incrementAndGet();
    try {
      if (!gate.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    long t0 = System.nanoTime();
    ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    if (wav.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
      throw new AudioFormatException(Kind.NOT_WAV, "the input is not a RIFF/WAVE file");
    }
    if (wav.length < 44) {
      throw new AudioFormatException(Kind.TRUNCATED, "the WAV header ends after " + wav.length + " bytes");
    }
    int format = b.getShort(20) & 0xffff;
    int channels = b.getShort(22);
    int rate = b.getInt(24);
    int bits = b.getShort(34);
    if (format != 1 || bits != 16) {
      throw new AudioFormatException(Kind.UNSUPPORTED_ENCODING,
          "WAV format tag " + format + " with " + bits + " bits is not supported");
    }
    int dataBytes = Math.min(b.getInt(40), wav.length - 44);
    int frames = dataBytes / (2 * channels);
    double duration = (double) frames / rate;
    if (duration > params.maxAudioSeconds()) {
      throw new AudioFormatException(Kind.TOO_LONG, String.format(
          "the audio lasts %.1f s, longer than the limit of %.1f s", duration, params.maxAudioSeconds()));
    }
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
        double v = b.getShort(44 + 2 * i * channels) / 32768.0;
        sum += v * v;
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
    return new AnalysisResult(duration, rate, channels, snrResult, speakers, new StageTimings(0, 0, ms, 0, 0));
  }
}

package io.audioinsight.stream;

import io.audioinsight.audio.decode.PcmStream;
import io.audioinsight.audio.silero.SileroLiveVad;
import io.audioinsight.audio.vad.stream.LiveVad;
import io.audioinsight.audio.vad.stream.VadEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream's work on the inference pool: its audio inbox (filled on the event loop), its decoder and its voice
 * activity state (touched only on the pool). The work runs in order and never concurrently with itself: a stream is
 * {@code busy} from the moment it is handed to its {@link WorkScheduler} until a run finds nothing left to do, and
 * only a busy stream's owner may touch the decoder or the VAD. Different streams run in parallel.
 */
final class StreamWork {

  private static final System.Logger LOG = System.getLogger(StreamWork.class.getName());
  /** Stream seconds between two {@code stats} events. */
  static final double STATS_EVERY_S = 2.0;

  /** What the work hands back to the event-loop side (called on pool threads; implementations hop to the loop). */
  interface Output {
    void send(List<String> messages);

    /** Every block is decided and every event sent: the stream may now be summarised. */
    void finished();

    /** A bad frame: the stream must close with this. */
    void failed(StreamClose close);
  }

  private record Message(byte[] bytes, long arrivedNanos) {}

  /** When the audio up to a 16 kHz sample position arrived, for the event latency. */
  private record Arrival(long endSample, long nanos) {}

  private final PcmStream pcm;
  private final LiveVad vad;
  private final WorkScheduler scheduler;
  private final StreamMetrics metrics;
  private final Output output;
  private final double rateRatio;

  // shared with the event loop, under the lock of this object
  private final ArrayDeque<Message> inbox = new ArrayDeque<>();
  private long inboxBytes;
  private boolean endRequested;
  private boolean busy;
  private boolean abandoned;
  /** Samples inside the engine not yet decided (the model's backlog), for the lag check. */
  private volatile long engineLagSamples;

  // pool side only (a busy stream's owner)
  private final ArrayDeque<Arrival> arrivals = new ArrayDeque<>();
  private long sourceFrames;
  private double nextStats = STATS_EVERY_S;
  private boolean finishedSent;

  /** The stream's place in opening order (lower: opened earlier). */
  final long order;

  StreamWork(StreamStart start, LiveVad vad, WorkScheduler scheduler, StreamMetrics metrics, Output output,
             long order) {
    this.order = order;
    this.pcm = new PcmStream(start.encoding(), start.sampleRate(), start.channels());
    this.vad = vad;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.output = output;
    this.rateRatio = 16_000.0 / start.sampleRate();
    this.frameBytes = start.frameBytes();
  }

  private final int frameBytes;

  LiveVad vad() {
    return vad;
  }

  /** Event loop: queues a binary message. */
  void offer(byte[] bytes, long arrivedNanos) {
    boolean schedule;
    synchronized (this) {
      if (abandoned || endRequested) {
        return;
      }
      inbox.add(new Message(bytes, arrivedNanos));
      inboxBytes += bytes.length;
      schedule = !busy;
      busy = true;
    }
    if (schedule) {
      scheduler.ready(this);
    }
  }

  /** Event loop: no more audio; the rest is decided and {@link Output#finished} follows. */
  void end() {
    boolean schedule;
    synchronized (this) {
      if (abandoned || endRequested) {
        return;
      }
      endRequested = true;
      schedule = !busy;
      busy = true;
    }
    if (schedule) {
      scheduler.ready(this);
    }
  }

  /** Event loop: the client is gone; queued audio is dropped and nothing more is sent. */
  synchronized void abandon() {
    abandoned = true;
    inbox.clear();
    inboxBytes = 0;
  }

  /** Bytes waiting in the inbox plus samples waiting in the engine, as milliseconds of audio. */
  long lagMs(long bytesPerSecond) {
    long bytes;
    synchronized (this) {
      bytes = inboxBytes;
    }
    return bytes * 1000 / bytesPerSecond + engineLagSamples / 16;
  }

  /** Pool: decodes everything in the inbox into the VAD (the DSP engine analyses here), ends it when asked. */
  void ingest() {
    List<Message> taken;
    boolean end;
    synchronized (this) {
      if (abandoned) {
        return;
      }
      taken = new ArrayList<>(inbox);
      inbox.clear();
      inboxBytes = 0;
      end = endRequested;
    }
    try {
      for (Message m : taken) {
        float[] x = pcm.push(m.bytes(), 0, m.bytes().length);
        vad.append(x, pcm.available());
        sourceFrames = pcm.framesIn();
        arrivals.add(new Arrival((long) Math.ceil(sourceFrames * rateRatio), m.arrivedNanos()));
      }
      if (end && !vad.isEnded()) {
        float[] tail = pcm.flush();
        vad.append(tail, pcm.available());
        vad.end();
      }
    } catch (PcmStream.NonFiniteSampleException e) {
      abandon();
      output.failed(new StreamClose(StreamClose.INVALID_PAYLOAD, "bad frame: pcm_f32le " + e.getMessage()));
      return;
    }
    updateLag();
  }

  /** Pool: a bug in this stream's work; the stream closes with 1011 and its state is dropped. */
  void crashed(RuntimeException e) {
    abandon();
    output.failed(new StreamClose(StreamClose.INTERNAL, "internal error in the stream's analysis"));
    LOG.log(System.Logger.Level.ERROR, "live stream work failed", e);
  }

  /** Pool: whether the Silero engine has a chunk for a batched model step. */
  boolean needsModelStep() {
    return !isAbandoned() && vad instanceof SileroLiveVad s && s.needsStep();
  }

  SileroLiveVad silero() {
    return (SileroLiveVad) vad;
  }

  /** Pool: sends the events the last steps produced, a stats event every few seconds, and the end signal. */
  void emit() {
    if (isAbandoned()) {
      return;
    }
    updateLag();
    List<VadEvent> events = vad.takeEvents();
    List<String> messages = new ArrayList<>(events.size() + 1);
    long now = System.nanoTime();
    for (VadEvent e : events) {
      messages.add(StreamEvents.vad(e));
      // the frame that completed the decision: the event's audio and the engine's look-ahead past it
      Long arrived = arrivalOf(e.decidedAt() + vad.lookAheadSamples() / 16_000.0);
      if (arrived != null) {
        metrics.eventLatency(e.type() == VadEvent.Type.SPEECH_START, now - arrived);
      }
    }
    if (vad.decidedSeconds() >= nextStats || (vad.isFinished() && !finishedSent)) {
      messages.add(StreamEvents.stats(vad.stats()));
      while (nextStats <= vad.decidedSeconds()) {
        nextStats += STATS_EVERY_S;
      }
    }
    forgetArrivalsBefore((long) (vad.decidedSeconds() * 16_000));
    if (!messages.isEmpty()) {
      output.send(messages);
    }
    if (vad.isFinished() && !finishedSent) {
      finishedSent = true;
      output.finished();
    }
  }

  /**
   * Pool: the end of one run. Hands the stream back to its scheduler if there is more to do (the scheduler then
   * decides when), else marks it idle; in both cases under the lock, so an offer cannot slip between.
   */
  void release() {
    boolean again;
    synchronized (this) {
      again = !abandoned && (!inbox.isEmpty() || (endRequested && !vad.isEnded()) || needsModelStepUnlocked());
      busy = again;
    }
    if (again) {
      scheduler.ready(this);
    }
  }

  private boolean needsModelStepUnlocked() {
    return vad instanceof SileroLiveVad s && s.needsStep();
  }

  private synchronized boolean isAbandoned() {
    return abandoned;
  }

  private void updateLag() {
    engineLagSamples = vad.samples() - (long) (vad.decidedSeconds() * 16_000);
  }

  /** Arrival time of the message that completed the audio up to {@code seconds}. */
  private Long arrivalOf(double seconds) {
    long sample = (long) Math.floor(seconds * 16_000);
    for (Arrival a : arrivals) {
      if (a.endSample() >= sample) {
        return a.nanos();
      }
    }
    return arrivals.isEmpty() ? null : arrivals.peekLast().nanos();
  }

  /** Keeps the arrivals that later events may still need (decided audio is a lower bound for them). */
  private void forgetArrivalsBefore(long sample) {
    while (arrivals.size() > 1 && arrivals.peekFirst().endSample() < sample - 16_000L * 5) {
      arrivals.pollFirst();
    }
  }
}

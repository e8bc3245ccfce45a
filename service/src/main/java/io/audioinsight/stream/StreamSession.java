package io.audioinsight.stream;

import io.audioinsight.api.Problem;
import io.audioinsight.api.Problems;
import io.audioinsight.api.ResultJson;
import io.audioinsight.http.BufferedBytes;
import io.audioinsight.audio.Operation;
import io.audioinsight.inference.CancellationSignal;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One live stream, on its event loop: the protocol (start message, binary audio, {@code {"type":"stop"}}), the limits
 * (message size, duration, idle time, lag), heartbeats, and the messages back. The audio goes to its
 * {@link StreamWork} on the pool; what comes back hops onto this loop before it touches the socket.
 *
 * <p>Lifecycle: AWAITING_START -> RUNNING -> ENDING (stop received or duration reached: the rest is decided, then the
 * summary) -> CLOSED. A client that closes or vanishes at any point frees the stream at once.
 */
final class StreamSession implements StreamWork.Output {

  private enum State { AWAITING_START, RUNNING, ENDING, CLOSED }

  private final ServerWebSocket ws;
  private final Context context;
  private final LiveStreams streams;
  private final Runnable onClosed;
  private State state = State.AWAITING_START;
  private StreamStart start;
  private StreamWork work;
  /** The audio as sent, for the summary; at most stream.max_duration_s of it. */
  private StreamAudio audio;
  /** This stream's part of stream.max_buffered_bytes: the bytes of {@link #audio}. */
  private final BufferedBytes.Share kept;
  private long lastMessageNanos = System.nanoTime();
  private long heartbeatTimer = -1;
  private String endReason;
  private short endCode = StreamClose.NORMAL;
  private boolean freed;
  /** Whether this stream counts in LiveStreams' streams that are behind (more than half the lag limit waiting). */
  private boolean behind;
  /** Stops the summary's analysis when the client leaves before it is sent. */
  private final CancellationSignal summaryCancellation = new CancellationSignal();

  StreamSession(ServerWebSocket ws, Context context, LiveStreams streams, Runnable onClosed) {
    this.ws = ws;
    this.context = context;
    this.streams = streams;
    this.onClosed = onClosed;
    this.kept = streams.memory().share();
  }

  void begin() {
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(this::onBinary);
    ws.closeHandler(v -> free());
    ws.exceptionHandler(t -> {}); // a reset connection ends in closeHandler
    long interval = Math.max(50, streams.config().idleTimeoutMs() / 2);
    heartbeatTimer = context.owner().setPeriodic(interval, id -> heartbeat());
  }

  private void onText(String text) {
    lastMessageNanos = System.nanoTime();
    try {
      checkSize(text.length());
      switch (state) {
        case AWAITING_START -> begin(StreamStart.parse(text, streams.params()));
        case RUNNING -> {
          if (!isStop(text)) {
            throw new StreamClose(StreamClose.UNSUPPORTED_DATA,
                "unsupported text message; after the start message only {\"type\":\"stop\"} is taken");
          }
          end(StreamClose.NORMAL, null);
        }
        default -> { } // ENDING: the stop is already under way
      }
    } catch (StreamClose c) {
      close(c);
    }
  }

  private void begin(StreamStart s) {
    start = s;
    audio = new StreamAudio();
    work = streams.newWork(s, this);
    state = State.RUNNING;
    ws.writeTextMessage(StreamEvents.started(s, streams.engine()));
  }

  private void onBinary(Buffer data) {
    long now = System.nanoTime();
    lastMessageNanos = now;
    try {
      checkSize(data.length());
      if (state == State.AWAITING_START) {
        throw new StreamClose(StreamClose.UNSUPPORTED_DATA, "binary audio before the start message");
      }
      if (state != State.RUNNING) {
        return;
      }
      streams.metrics().frame();
      long lag = work.lagMs(start.bytesPerSecond());
      if (lag > streams.config().maxLagMs()) {
        overloaded(lag);
        return;
      }
      markBehind(2 * lag > streams.config().maxLagMs());
      long maxBytes = (long) (streams.config().maxDurationS() * start.bytesPerSecond()) / start.frameBytes()
          * start.frameBytes();
      int take = (int) Math.min(data.length(), maxBytes - audio.length());
      if (take > 0) {
        if (!kept.reserve(take)) {
          // the audio all streams keep is at its budget: this stream ends here, with the summary of what it sent
          end(StreamClose.TRY_AGAIN_LATER, "all streams' audio reached stream.max_buffered_bytes ("
              + streams.memory().capacity() + " bytes)");
          return;
        }
        byte[] part = data.getBytes(0, take);
        audio.add(part);
        work.offer(part, now);
      }
      if (audio.length() >= maxBytes) {
        end(StreamClose.POLICY, "stream.max_duration_s (" + streams.config().maxDurationS() + " s) reached");
      }
    } catch (StreamClose c) {
      close(c);
    }
  }

  /**
   * Stops taking audio; the rest is decided, then the summary, then the close with {@code code} and
   * {@code limitReason} (null for the client's own stop: 1000 "end of stream").
   */
  private void end(short code, String limitReason) {
    if (state != State.RUNNING) {
      return;
    }
    state = State.ENDING;
    endCode = code;
    endReason = limitReason;
    work.end();
  }

  /** The overload rule: a stream whose waiting audio exceeds stream.max_lag_ms is told so and closed with 1013. */
  private void overloaded(long lagMs) {
    streams.metrics().overloaded(lagMs / 1000.0);
    ws.writeTextMessage(StreamEvents.overloaded(lagMs, streams.config().maxLagMs()));
    close(new StreamClose(StreamClose.TRY_AGAIN_LATER, "overloaded: " + lagMs + " ms of audio waiting, more than "
        + "stream.max_lag_ms (" + streams.config().maxLagMs() + ")"));
  }

  private void markBehind(boolean nowBehind) {
    if (nowBehind != behind) {
      behind = nowBehind;
      streams.behind(nowBehind);
    }
  }

  private void checkSize(int bytes) {
    if (bytes > streams.config().maxMessageBytes()) {
      throw new StreamClose(StreamClose.POLICY, "message of " + bytes + " bytes exceeds stream.max_message_bytes ("
          + streams.config().maxMessageBytes() + ")");
    }
  }

  private static boolean isStop(String text) {
    try {
      return "stop".equals(new JsonObject(text).getValue("type"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void heartbeat() {
    if (state == State.CLOSED) {
      return;
    }
    long idleMs = (System.nanoTime() - lastMessageNanos) / 1_000_000;
    if (state != State.ENDING && idleMs >= streams.config().idleTimeoutMs()) {
      close(new StreamClose(StreamClose.POLICY, "idle: no message for " + idleMs + " ms (stream.idle_timeout_ms = "
          + streams.config().idleTimeoutMs() + ")"));
      return;
    }
    ws.writePing(Buffer.buffer());
  }

  // ---- StreamWork.Output: called on pool threads, so each hops onto this stream's loop ----

  @Override
  public void send(List<String> messages) {
    context.runOnContext(v -> {
      if (state != State.CLOSED) {
        messages.forEach(ws::writeTextMessage);
      }
    });
  }

  @Override
  public void finished() {
    context.runOnContext(v -> summarise());
  }

  @Override
  public void failed(StreamClose close) {
    context.runOnContext(v -> close(close));
  }

  /** The summary is the file analysis of the stream's audio, through the one inference path. */
  private void summarise() {
    if (state != State.ENDING) {
      return;
    }
    streams.summaries().of(start, audio, work.vad(), summaryCancellation).onComplete(ar -> {
      if (state == State.CLOSED) {
        return;
      }
      if (ar.succeeded()) {
        ws.writeTextMessage(StreamEvents.summary(ResultJson.render(Operation.SNR, ar.result())));
        close(endReason == null ? new StreamClose(StreamClose.NORMAL, "end of stream")
            : new StreamClose(endCode, endReason));
      } else {
        Problem problem = Problems.from(ar.cause());
        ws.writeTextMessage(StreamEvents.error(problem));
        short code = problem.status() == 503 ? StreamClose.TRY_AGAIN_LATER
            : problem.status() < 500 ? StreamClose.POLICY : StreamClose.INTERNAL;
        close(new StreamClose(code, "no summary: " + problem.detail()));
      }
    });
  }

  private void close(StreamClose c) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    ws.close(c.code(), c.reason());
    free();
  }

  /** Frees the stream's state and its place (idempotent): on our close, the client's, or a dropped connection. */
  private void free() {
    state = State.CLOSED;
    if (freed) {
      return;
    }
    freed = true;
    markBehind(false);
    if (heartbeatTimer >= 0) {
      context.owner().cancelTimer(heartbeatTimer);
    }
    if (work != null) {
      work.abandon();
    }
    summaryCancellation.cancel("the client left");
    kept.release();
    audio = null;
    onClosed.run();
  }
}

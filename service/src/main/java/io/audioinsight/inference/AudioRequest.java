package io.audioinsight.inference;

import io.vertx.core.buffer.Buffer;

/**
 * One analysis request as the front ends hand it over: the WAV bytes as read from the wire (copied out on
 * the worker, not the event loop), validated parameters, the caller's cancellation signal, and when the request
 * arrived ({@link System#nanoTime}): its deadline counts from then, so time spent uploading the body counts too
 * and a client that waits {@code timeout_ms} gets its answer (or a 504) within that time.
 */
public record AudioRequest(Buffer wav, RequestParams params, CancellationSignal signal, long receivedNanos) {

  public AudioRequest(Buffer wav, RequestParams params, CancellationSignal signal) {
    this(wav, params, signal, System.nanoTime());
  }

  public AudioRequest(Buffer wav, RequestParams params) {
    this(wav, params, new CancellationSignal());
  }

  /** The same request, arrived at {@code nanos} and withdrawn through {@code signal}. */
  public AudioRequest from(long nanos, CancellationSignal signal) {
    return new AudioRequest(wav, params, signal, nanos);
  }
}

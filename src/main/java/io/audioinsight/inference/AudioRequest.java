package io.audioinsight.inference;

import io.vertx.core.buffer.Buffer;

/**
 * One analysis request as the front ends hand it over: the WAV bytes as read from the wire (copied out on
 * the worker, not the event loop), validated parameters, and the caller's cancellation signal.
 */
public record AudioRequest(Buffer wav, RequestParams params, CancellationSignal signal) {

  public AudioRequest(Buffer wav, RequestParams params) {
    this(wav, params, new CancellationSignal());
  }
}

package io.audioinsight.api;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.inference.JobCancelledException;
import java.lang.System.Logger.Level;
import java.util.UUID;

/** The catalogue of problems, and the one mapping from any failure to a problem. */
public final class Problems {

  private static final System.Logger LOG = System.getLogger(Problems.class.getName());

  private Problems() {}

  public static Problem badParameter(String name, String detail) {
    return Problem.of(400, "invalid-parameter", "Invalid parameter", detail).withParameter(name);
  }

  public static Problem badRequest(String detail) {
    return Problem.of(400, "bad-request", "Bad request", detail);
  }

  public static Problem unsupportedMediaType(String detail) {
    return Problem.of(415, "unsupported-media-type", "Unsupported media type", detail);
  }

  public static Problem bodyTooLarge(long limit) {
    return Problem.of(413, "body-too-large", "Request body too large",
        "the request body exceeds the limit of " + limit + " bytes (http.max_body_bytes); for longer audio use "
            + "POST /v1/jobs, which streams a raw body to disk up to jobs.max_upload_bytes");
  }

  /**
   * A request the HTTP layer could not decode (a bad chunk size, an overlong chunk line, extension or trailer, a
   * malformed multipart part, a bad percent-escape): the client's error. The detail carries the decoder's short
   * reason, never a stack trace.
   */
  public static Problem malformedBody(Throwable cause) {
    return badRequest("the request is malformed: " + ClientErrors.shortReason(cause));
  }

  /** The request bodies held in memory have reached {@code http.max_buffered_bytes}; this one was not read. */
  public static Problem bufferedBytesFull() {
    return Problem.of(503, "overloaded", "Service overloaded",
        "the service holds as many request bodies in memory as it may (http.max_buffered_bytes); retry later")
        .withRetryAfter(2);
  }

  public static Problem notFound(String path) {
    return Problem.of(404, "not-found", "Not found", "no route for " + path);
  }

  /** A browser request from an origin that {@code http.cors_origins} does not list. */
  public static Problem originNotAllowed() {
    // The Origin header is not echoed: it is the client's text, and the detail must not carry it into logs.
    return Problem.of(403, "origin-not-allowed", "Origin not allowed",
        "the request's Origin is not one of the origins in http.cors_origins");
  }

  public static Problem methodNotAllowed(String method, String path) {
    return Problem.of(405, "method-not-allowed", "Method not allowed", method + " is not allowed on " + path);
  }

  public static Problem overloaded(long retryAfterSeconds, String detail) {
    return Problem.of(503, "overloaded", "Service overloaded", detail).withRetryAfter(retryAfterSeconds);
  }

  /** New work refused because the service is shutting down; a retry reaches another instance (or this one, restarted). */
  public static Problem draining(long retryAfterSeconds) {
    return Problem.of(503, "draining", "Service draining",
        "the service is shutting down and accepts no new analyses; retry later").withRetryAfter(retryAfterSeconds);
  }

  public static Problem notReady(String detail) {
    return Problem.of(503, "not-ready", "Service not ready", detail).withRetryAfter(1);
  }

  public static Problem deadlineExceeded(long timeoutMs) {
    return Problem.of(504, "deadline-exceeded", "Deadline exceeded",
        "the analysis did not finish within its deadline of " + timeoutMs + " ms (timeout_ms, at most "
            + "inference.max_timeout_ms); for long audio use POST /v1/jobs, which has no deadline");
  }

  /** The same problem type for a body that was still arriving when its deadline passed. */
  public static Problem bodyDeadlineExceeded(long timeoutMs) {
    return Problem.of(504, "deadline-exceeded", "Deadline exceeded",
        "the request body was still arriving at its deadline of " + timeoutMs + " ms (timeout_ms, at most "
            + "inference.max_timeout_ms); for long uploads use POST /v1/jobs");
  }

  /**
   * Maps any failure to the problem the client sees. Engine format errors keep their kind's status. Anything
   * unexpected is a bug: it is logged with a fresh error id, and the client gets only that id.
   */
  public static Problem from(Throwable failure) {
    if (failure instanceof ProblemException p) {
      return p.problem();
    }
    if (failure instanceof io.audioinsight.fetch.FetchException f) {
      return f.problem();
    }
    if (failure instanceof JobCancelledException c) {
      // Nobody reads this answer (the caller withdrew); it must not be logged as a bug.
      return Problem.of(499, "cancelled", "Request cancelled", "the request was cancelled: " + c.reason());
    }
    if (failure instanceof AudioFormatException a) {
      AudioFormatException.Kind kind = a.kind();
      String title = switch (kind) {
        case TOO_LONG -> "Audio too long";
        case UNSUPPORTED_ENCODING -> "Unsupported audio encoding";
        case UNSUPPORTED_FORMAT -> "Unsupported audio format";
        default -> "Invalid audio";
      };
      String slug = switch (kind) {
        case TOO_LONG -> "audio-too-long";
        case UNSUPPORTED_ENCODING -> "unsupported-audio-encoding";
        case UNSUPPORTED_FORMAT -> "unsupported-audio-format";
        default -> "invalid-audio";
      };
      String detail = kind == AudioFormatException.Kind.TOO_LONG
          ? a.getMessage() + " (inference.max_audio_seconds); for longer audio use POST /v1/jobs (up to "
              + "jobs.max_audio_seconds)"
          : a.getMessage();
      return Problem.of(kind.httpStatus(), slug, title, detail);
    }
    return internal(failure);
  }

  public static Problem internal(Throwable failure) {
    String id = UUID.randomUUID().toString();
    LOG.log(Level.ERROR, "internal error " + id, failure);
    return Problem.of(500, "internal-error", "Internal server error",
        "an internal error occurred; quote error id " + id + " when reporting it");
  }
}

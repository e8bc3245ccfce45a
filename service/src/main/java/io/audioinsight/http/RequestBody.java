package io.audioinsight.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A request body read in full: the bytes (for multipart, the {@code file} field's bytes, null if absent) and the form fields. */
record RequestBody(Buffer bytes, MultiMap fields) {}

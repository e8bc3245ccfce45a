package io.audioinsight.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A request body read in full: its chunks (for multipart, the {@code file} field's, null if absent) and the
 * form fields.
 */
record RequestBody(BodyChunks chunks, MultiMap fields) {}

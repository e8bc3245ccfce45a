package io.audioinsight.observe;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code log.format=json}: one JSON object per line (time, level, logger, thread, message, and the stack trace as
 * one string field), which log shippers read without multi-line rules. Installed on the root logger's handlers.
 */
public final class JsonLogFormatter extends Formatter {

  /** Puts this formatter on every handler of the root java.util.logging logger. */
  public static void install() {
    for (Handler handler : Logger.getLogger("").getHandlers()) {
      handler.setFormatter(new JsonLogFormatter());
    }
  }

  @Override
  public String format(LogRecord record) {
    JsonObject line = new JsonObject()
        .put("time", Instant.ofEpochMilli(record.getMillis()).toString())
        .put("level", record.getLevel().getName())
        .put("logger", record.getLoggerName())
        .put("thread", Thread.currentThread().getName())
        .put("message", formatMessage(record));
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.put("error", trace.toString());
    }
    // JsonObject escapes control characters, so a message with a newline stays on one line.
    return line.encode() + System.lineSeparator();
  }
}

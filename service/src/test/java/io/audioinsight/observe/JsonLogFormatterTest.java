package io.audioinsight.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {

  private final JsonLogFormatter formatter = new JsonLogFormatter();

  @Test
  void aRecordIsOneJsonObjectOnOneLineWithTimeLevelLoggerThreadAndMessage() {
    LogRecord record = new LogRecord(Level.INFO, "POST /v1/analyze 200 412 bytes 31.0 ms id=abc");
    record.setLoggerName("io.audioinsight.access");
    String line = formatter.format(record);
    assertThat(line).endsWith(System.lineSeparator());
    assertThat(line.strip()).doesNotContain("\n");
    JsonObject json = new JsonObject(line);
    assertThat(json.fieldNames()).containsExactly("time", "level", "logger", "thread", "message");
    assertThat(json.getString("level")).isEqualTo("INFO");
    assertThat(json.getString("logger")).isEqualTo("io.audioinsight.access");
    assertThat(json.getString("message")).isEqualTo("POST /v1/analyze 200 412 bytes 31.0 ms id=abc");
    assertThat(json.getString("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
  }

  @Test
  void aStackTraceAndANewlineInTheMessageStayInsideTheOneLine() {
    LogRecord record = new LogRecord(Level.SEVERE, "internal error 42\nsecond line");
    record.setLoggerName("io.audioinsight.api.Problems");
    record.setThrown(new IllegalStateException("boom"));
    String line = formatter.format(record);
    assertThat(line.strip()).doesNotContain("\n");
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("message")).isEqualTo("internal error 42\nsecond line");
    assertThat(json.getString("error")).startsWith("java.lang.IllegalStateException: boom").contains("\tat ");
  }
}

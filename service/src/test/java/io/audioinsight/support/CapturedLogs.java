package io.audioinsight.support;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Every java.util.logging record published while it is open, for tests that check what the service logs. */
public final class CapturedLogs implements AutoCloseable {

  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      synchronized (records) {
        records.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private CapturedLogs() {
    Logger.getLogger("").addHandler(handler);
  }

  public static CapturedLogs start() {
    return new CapturedLogs();
  }

  /** How many records so far: a mark for {@link #since}. */
  public int count() {
    synchronized (records) {
      return records.size();
    }
  }

  /** A copy of the records published after {@code mark}. */
  public List<LogRecord> since(int mark) {
    synchronized (records) {
      return new ArrayList<>(records.subList(mark, records.size()));
    }
  }

  public List<LogRecord> all() {
    return since(0);
  }

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(handler);
  }
}

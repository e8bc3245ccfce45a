package io.audioinsight.jobs;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The embedded job store: one small JSON file per job under {@code <jobs.dir>/jobs/}, with no server and no
 * dependency. A write goes to a temporary file, is forced to disk, renamed over the old file atomically, and the
 * directory is forced too, so after a crash (kill -9, power loss on a journalling file system) each job file holds
 * either its previous or its new state, never a torn one. That is all the atomicity jobs need: each state change
 * concerns one job. Leftover temporary files from a crash are removed at open.
 *
 * <p>Chosen over H2 or SQLite-JDBC: a job is one document read and written whole, there are no queries beyond
 * "all jobs" at start-up, and a rename is the most robust commit there is; an embedded database would add a
 * multi-megabyte dependency (and for SQLite native code) to do the same. Reads come from an in-memory copy, which
 * the writes keep current (a single process owns the directory).
 */
public final class FileJobStore implements JobStore {

  private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");
  private static final String SUFFIX = ".json";
  private static final String TMP = ".tmp";

  private final Path dir;
  private final Map<String, JobRecord> cache = new ConcurrentHashMap<>();

  private FileJobStore(Path dir) {
    this.dir = dir;
  }

  /** Opens (creating if needed) the store under {@code root}/jobs and reads every job in it. Blocking. */
  public static FileJobStore open(Path root) {
    Path dir = root.resolve("jobs");
    FileJobStore store = new FileJobStore(dir);
    try {
      Files.createDirectories(dir);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          if (name.endsWith(TMP)) {
            Files.deleteIfExists(f); // a write that a crash interrupted: the previous file is still whole
          } else if (name.endsWith(SUFFIX)) {
            JobRecord job = JobRecord.fromStored(new JsonObject(Files.readString(f, StandardCharsets.UTF_8)));
            store.cache.put(job.id(), job);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the job store " + dir, e);
    }
    return store;
  }

  @Override
  public void put(JobRecord job) {
    Path target = file(job.id());
    Path tmp = dir.resolve(job.id() + SUFFIX + TMP);
    byte[] bytes = job.toStored().encode().getBytes(StandardCharsets.UTF_8);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      forceDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write job " + job.id(), e);
    }
    cache.put(job.id(), job);
  }

  @Override
  public Optional<JobRecord> get(String id) {
    return Optional.ofNullable(cache.get(id));
  }

  @Override
  public List<JobRecord> all() {
    return new ArrayList<>(cache.values());
  }

  @Override
  public void delete(String id) {
    if (!ID.matcher(id).matches()) {
      return;
    }
    try {
      Files.deleteIfExists(file(id));
      forceDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete job " + id, e);
    }
    cache.remove(id);
  }

  @Override
  public void close() {
    cache.clear();
  }

  private Path file(String id) {
    return dir.resolve(id + SUFFIX);
  }

  /** Makes the rename itself durable (the directory entry); a no-op where the platform cannot open directories. */
  private void forceDirectory() {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a directory as a channel; NTFS makes the rename durable itself.
    }
  }
}

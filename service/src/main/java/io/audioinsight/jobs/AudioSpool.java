package io.audioinsight.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The jobs' audio on disk, one file per job under {@code <jobs.dir>/spool/}, and the byte budget
 * ({@code jobs.max_spool_bytes}) that keeps the spool from filling the disk. Bytes are reserved before they are
 * written and given back when a job's audio is deleted; a reservation that does not fit is refused (503), never a
 * full disk. File operations block: call them from a worker.
 */
public final class AudioSpool {

  private final Path dir;
  private final long maxBytes;
  private final AtomicLong used = new AtomicLong();
  /**
   * The bytes counted for each job's decoded WAV, given back exactly when it is deleted: a WAV that decode parts were
   * still writing, or one left by a crash, may be on disk without having been counted.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, Long> decodedCounted =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** False for a shared spool: the files found at open are other nodes' and not counted here. */
  private final boolean countsExisting;

  private AudioSpool(Path dir, long maxBytes, boolean countsExisting) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.countsExisting = countsExisting;
  }

  /** Opens the spool under {@code root}/spool, counting the audio already there (jobs from before a restart). */
  public static AudioSpool open(Path root, long maxBytes) {
    return open(root, maxBytes, true);
  }

  /**
   * Opens a spool that other nodes share (cluster mode, {@code jobs.dir} on a shared volume): the audio already
   * there belongs to the other nodes' jobs, so this node counts nothing at first, then what it reserves and the jobs
   * it takes over ({@link #track}); {@code jobs.max_spool_bytes} is a per-node budget.
   */
  public static AudioSpool openShared(Path root, long maxBytes) {
    return open(root, maxBytes, false);
  }

  private static AudioSpool open(Path root, long maxBytes, boolean countExisting) {
    AudioSpool spool = new AudioSpool(root.resolve("spool"), maxBytes, countExisting);
    try {
      Files.createDirectories(spool.dir);
      if (countExisting) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool.dir)) {
          for (Path f : files) {
            long size = Files.size(f);
            spool.used.addAndGet(size);
            String name = f.getFileName().toString();
            if (name.endsWith(DECODED)) {
              spool.decodedCounted.merge(name.substring(0, name.length() - DECODED.length()), size, Long::sum);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audio spool " + spool.dir, e);
    }
    return spool;
  }

  public Path file(String jobId) {
    return dir.resolve(jobId + ".audio");
  }

  /** The 16 kHz float WAV a compressed job's audio is decoded to (see {@link Transcoder}). */
  public Path decodedFile(String jobId) {
    return dir.resolve(jobId + DECODED);
  }

  private static final String DECODED = ".decoded.wav";

  /** Counts a file written outside a reservation (a job's audio taken over from another node). */
  public void track(long bytes) {
    used.addAndGet(bytes);
  }

  /** Counts the job's decoded WAV, written outside a reservation: its size is known only once written. */
  public void trackDecoded(String jobId, long bytes) {
    used.addAndGet(bytes);
    decodedCounted.merge(jobId, bytes, Long::sum);
  }

  /** Deletes the job's decoded WAV, if any, giving back the bytes counted for it ({@link #trackDecoded}). */
  public void deleteDecoded(String jobId) {
    try {
      Files.deleteIfExists(decodedFile(jobId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the decoded audio of job " + jobId, e);
    } finally {
      Long counted = decodedCounted.remove(jobId);
      if (counted != null) {
        release(counted);
      }
    }
  }

  /** Reserves {@code bytes}; false (nothing reserved) when the budget cannot take them. */
  public boolean reserve(long bytes) {
    while (true) {
      long u = used.get();
      if (u + bytes > maxBytes) {
        return false;
      }
      if (used.compareAndSet(u, u + bytes)) {
        return true;
      }
    }
  }

  public void release(long bytes) {
    used.addAndGet(-bytes);
  }

  public long usedBytes() {
    return used.get();
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Writes {@code bytes} as the job's audio and forces it to disk (the 202 promises it survives a crash). */
  public void write(String jobId, byte[] bytes) {
    try {
      Files.write(file(jobId), bytes);
      force(jobId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot spool the audio of job " + jobId, e);
    }
  }

  /** Forces a file written by someone else (a streamed upload) to disk. */
  public void force(String jobId) {
    try (FileChannel ch = FileChannel.open(file(jobId), StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the audio of job " + jobId, e);
    }
  }

  /**
   * Deletes audio that no job owns (a crash between spooling and committing the job's record, whose 202 was never
   * sent), giving back its bytes. Returns how many files went.
   */
  public int deleteOrphans(java.util.Set<String> jobIds) {
    return deleteOrphans(jobIds, 0);
  }

  /**
   * As {@link #deleteOrphans(java.util.Set)}, keeping files written in the last {@code minAgeMs}: in a shared spool
   * such a file may be another node's upload whose record is not committed yet.
   */
  public int deleteOrphans(java.util.Set<String> jobIds, long minAgeMs) {
    int n = 0;
    long writtenBefore = System.currentTimeMillis() - minAgeMs;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        int dot = name.indexOf('.');
        try {
          if (!jobIds.contains(dot < 0 ? name : name.substring(0, dot))
              && (minAgeMs <= 0 || Files.getLastModifiedTime(f).toMillis() < writtenBefore)) {
            long size = Files.size(f);
            Files.delete(f);
            if (name.endsWith(DECODED)) {
              Long counted = decodedCounted.remove(name.substring(0, name.length() - DECODED.length()));
              if (counted != null) {
                release(counted);
              }
            } else if (countsExisting) {
              release(size); // a shared spool never counted it
            }
            n++;
          }
        } catch (java.nio.file.NoSuchFileException gone) {
          // a shared spool: another node deleted it meanwhile
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean the audio spool " + dir, e);
    }
    return n;
  }

  /** Deletes the job's audio (and its decoded WAV) and gives back its {@code bytes}. */
  public void delete(String jobId, long bytes) {
    deleteDecoded(jobId);
    try {
      if (Files.deleteIfExists(file(jobId))) {
        release(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the audio of job " + jobId, e);
    }
  }
}

package io.audioinsight.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A small corpus mixed from pure-Java synthetic voices (no espeak-ng), built once per test JVM and shared by
 * the end-to-end tests; deleted when the JVM exits.
 */
final class TinyCorpus {

  static final CorpusBuilder.Options OPTIONS = new CorpusBuilder.Options(1, 4, 6, 2, 7);

  private static Path dir;
  private static List<ManifestEntry> entries;

  private TinyCorpus() {}

  static List<ManifestEntry> build(Path into) throws IOException {
    return new CorpusBuilder(UtterancePool.synthetic(6, 6, 1), into, OPTIONS).build();
  }

  static synchronized Path dir() throws IOException {
    if (dir == null) {
      Path d = Files.createTempDirectory("tiny-corpus");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(d)));
      entries = build(d);
      dir = d;
    }
    return dir;
  }

  static synchronized List<ManifestEntry> entries() throws IOException {
    dir();
    return entries;
  }

  private static void deleteTree(Path d) {
    try (Stream<Path> s = Files.walk(d)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

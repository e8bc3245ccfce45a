package io.audioinsight.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A small corpus mixed from pure-Java synthetic voices (no espeak-ng), shared by the end-to-end tests. */
final class TinyCorpus {

  static final CorpusBuilder.Options OPTIONS = new CorpusBuilder.Options(1, 4, 6, 2, 7);

  private TinyCorpus() {}

  static List<ManifestEntry> build(Path dir) throws IOException {
    return new CorpusBuilder(UtterancePool.synthetic(6, 6, 1), dir, OPTIONS).build();
  }
}

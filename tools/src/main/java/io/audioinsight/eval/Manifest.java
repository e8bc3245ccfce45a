package io.audioinsight.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code manifest.jsonl}: one {@link ManifestEntry} per line, in corpus order. */
public final class Manifest {

  public static final String FILE_NAME = "manifest.jsonl";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Manifest() {}

  public static void write(Path file, List<ManifestEntry> entries) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (ManifestEntry e : entries) {
        w.write(JSON.writeValueAsString(e));
        w.write('\n');
      }
    }
  }

  public static List<ManifestEntry> read(Path file) throws IOException {
    List<ManifestEntry> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add(parse(line));
      }
    }
    return out;
  }

  static ManifestEntry parse(String line) {
    try {
      return JSON.readValue(line, ManifestEntry.class);
    } catch (IOException e) {
      throw new UncheckedIOException("bad manifest line: " + e.getMessage(), e);
    }
  }
}

package io.audioinsight.jobs;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.decode.AudioDecoder;
import io.audioinsight.audio.decode.DecodedSignal;
import io.audioinsight.audio.decode.Mp3Parts;
import io.audioinsight.audio.decode.SampleConsumer;
import io.audioinsight.audio.decode.SourceFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A compressed job's audio (FLAC, MP3, Ogg, WebM, MP4) decoded once, streaming, to a 16 kHz mono 32-bit float WAV
 * beside it, which is then analysed in chunks like any WAV. The decoder's output goes to disk block by block
 * ({@link AudioDecoder#decodeTo}), so memory holds the compressed input and one block, not hours of samples; and
 * float samples are written exactly, so the analysis sees the very samples a synchronous decode would. A long MP3 is
 * decoded in parts on several threads instead ({@link #runPart}, {@link #joinParts}): the same samples, bit for bit.
 */
final class Transcoder {

  private static final int HEADER_BYTES = 44;
  private static final int BLOCK_BYTES = 1 << 16;

  /**
   * What the input was, its duration at its own rate (what the synchronous route reports), and the mean of the
   * decoded samples, summed in double in order as {@link WavChunks#mean16kMono} sums the written file (NaN when
   * empty), so the job need not read hundreds of MB back for it.
   */
  record Decoded(SourceFormat format, double seconds, double mean) {}

  private Transcoder() {}

  /**
   * Decodes {@code input} to {@code output}, at most {@code maxSeconds}. Blocking, CPU-heavy. Not forced to disk: a job
   * decodes again on every run, after a crash too ({@link ChunkWork#decode} deletes what an earlier run left), so
   * the file only has to outlive this process's page cache (forcing it bought nothing; dropping it measured no
   * faster on this VM, docs/BENCHMARKS.md, jobs).
   */
  static Decoded run(Path input, Path output, double maxSeconds, Cancellation cancellation) {
    try {
      return run(readWhole(input), output, maxSeconds, cancellation);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode the spooled audio " + input, e);
    }
  }

  /** As {@link #run(Path, Path, double, Cancellation)}, from the input's bytes. */
  static Decoded run(byte[] bytes, Path output, double maxSeconds, Cancellation cancellation) {
    try {
      try (FileChannel ch = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        FloatWriter out = new FloatWriter(ch, HEADER_BYTES);
        DecodedSignal d = AudioDecoder.decodeTo(bytes, maxSeconds, cancellation, out);
        long dataBytes = out.finish() - HEADER_BYTES;
        ch.write(header(dataBytes), 0);
        long frames = dataBytes / Float.BYTES;
        return new Decoded(d.format(), d.durationSeconds(), frames > 0 ? out.sum / frames : Double.NaN);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the decoded audio " + output, e);
    }
  }

  /**
   * Decodes part {@code k} of {@code plan} into its place in {@code output} (which parts share: each writes only its
   * own samples, at their offsets, so the parts may run at once and in any order, and a part run twice writes the
   * same bytes). Blocking, CPU-heavy.
   */
  static Part runPart(Mp3Parts plan, int k, Path output, double maxSeconds, Cancellation cancellation) {
    try (FileChannel ch = FileChannel.open(output, StandardOpenOption.WRITE)) { // made by the caller: see ChunkWork
      FloatWriter out = new FloatWriter(ch, HEADER_BYTES + Float.BYTES * plan.firstOutput(k));
      Mp3Parts.Done done = plan.decode(k, maxSeconds, cancellation, out);
      out.finish();
      return new Part(done, out.sum);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the decoded audio " + output, e);
    }
  }

  /** A part written: what the decoder reported, and the sum of its samples (in order, in double). */
  record Part(Mp3Parts.Done done, double sum) {}

  /**
   * Every part of {@code plan} has been written to {@code output}; {@code parts[k]} is part k's. The header goes in,
   * and anything past the last sample is cut off. The mean adds the parts' sums in order: not the very double one
   * decode's single running sum gives (another order of additions, an ulp or so apart on hours of audio). The engine
   * takes it out as a float ({@code SignalAnalyzer}), the same float unless the double lies within those ulps of a
   * float rounding boundary (about one file in ten million); then every sample moves by one float step of the mean.
   * Reading 460 MB back to sum them in one order took a third of a second, on one thread, between parts and chunks.
   */
  static Decoded joinParts(Mp3Parts plan, Part[] parts, Path output) throws IOException {
    Mp3Parts.Done last = parts[parts.length - 1].done();
    long frames = plan.firstOutput(plan.parts() - 1) + last.outputs();
    long dataBytes = frames * Float.BYTES;
    try (FileChannel ch = FileChannel.open(output, StandardOpenOption.WRITE)) {
      ch.truncate(HEADER_BYTES + dataBytes);
      ch.write(header(dataBytes), 0);
    }
    double sum = 0;
    for (Part p : parts) {
      sum += p.sum();
    }
    return new Decoded(plan.format(), last.sourceSamples() / (double) plan.sampleRate(),
        frames > 0 ? sum / frames : Double.NaN);
  }

  /** The whole file, read in pieces ({@link WavChunks#readFully}: not {@code Files.readAllBytes}, one read of it all). */
  static byte[] readWhole(Path input) throws IOException {
    try (FileChannel ch = FileChannel.open(input, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE - 8) {
        throw new IOException("the spooled audio is too large to decode whole: " + size + " bytes");
      }
      byte[] bytes = new byte[(int) size];
      WavChunks.readFully(ch, ByteBuffer.wrap(bytes), 0);
      return bytes;
    }
  }

  /**
   * 16 kHz samples to little-endian floats in a file, from {@code position} on, a block at a time (positional
   * writes: parts of one file write at once through their own channels), summed in order in double as they pass.
   */
  private static final class FloatWriter implements SampleConsumer {
    private final FileChannel ch;
    private final ByteBuffer block = ByteBuffer.allocate(BLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long position;
    double sum;

    FloatWriter(FileChannel ch, long position) {
      this.ch = ch;
      this.position = position;
    }

    @Override
    public void accept(float[] samples, int offset, int length) {
      double s = sum;
      for (int i = offset; i < offset + length; i++) {
        if (!block.hasRemaining()) {
          drain();
        }
        block.putFloat(samples[i]);
        s += samples[i];
      }
      sum = s;
    }

    /** Writes what is left; returns the position after the last sample. */
    long finish() {
      drain();
      return position;
    }

    private void drain() {
      block.flip();
      try {
        while (block.hasRemaining()) {
          position += ch.write(block, position);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      block.clear();
    }
  }

  /** RIFF/WAVE, fmt: IEEE float (3), mono, 16 kHz, 32-bit. */
  private static ByteBuffer header(long dataBytes) {
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes));
    h.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    h.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 3).putShort((short) 1)
        .putInt(AudioDecoder.RATE).putInt(AudioDecoder.RATE * 4).putShort((short) 4).putShort((short) 32);
    h.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
    h.flip();
    return h;
  }
}

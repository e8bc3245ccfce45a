package io.audioinsight.audio.decode;

import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.decode.FormatSniffer.Sniffed;

/**
 * Any supported file in, 16 kHz mono out. The format is sniffed from the bytes ({@link FormatSniffer}); each
 * container has its {@link FormatDecoder}, and all of them feed a {@link MonoSink} that mixes, resamples and
 * enforces the duration limit as the audio is decoded.
 *
 * <p>Throws only {@link AudioFormatException} (415 for content of no supported format, 400 for a file its decoder
 * cannot read, 413 past the duration limit) and {@link AnalysisCancelledException}; and, for {@link #decodeTo}, the
 * {@link java.io.UncheckedIOException} of the caller's own output. The codec libraries throw
 * checked exceptions and RuntimeExceptions of every kind on damaged input; each becomes a 400 that names the format and
 * the library's exception class (never its message, which may quote input), and so do a stack overflow and a
 * codec's AssertionError (Concentus checks its arithmetic with them on damaged packets). Other Errors (out of
 * memory) are not caught: they are not input problems. Stateless and thread-safe.
 */
public final class AudioDecoder {

  /** The engine's one sample rate, in Hz. */
  public static final int RATE = Spectrogram.SAMPLE_RATE;

  /** The largest sample magnitude any decode passes on (float files and lossy decoders can go past full scale). */
  public static final float MAX_LEVEL = MonoSink.MAX_LEVEL;

  private AudioDecoder() {}

  /**
   * Decodes {@code input} to mono at {@link #RATE}.
   *
   * @param maxSeconds the longest audio accepted; {@code Double.POSITIVE_INFINITY} for no limit
   * @throws IllegalArgumentException if {@code maxSeconds} is not positive (a caller bug, not bad input)
   */
  public static DecodedSignal decode(byte[] input, double maxSeconds, Cancellation cancellation) {
    if (!(maxSeconds > 0)) {
      throw new IllegalArgumentException("maxSeconds must be positive, was " + maxSeconds);
    }
    if (input == null || input.length == 0) {
      throw new AudioFormatException(Kind.TRUNCATED, "the input is empty");
    }
    Sniffed sniffed = FormatSniffer.sniff(input);
    if (sniffed == null) {
      throw new AudioFormatException(Kind.UNSUPPORTED_FORMAT,
          "the audio format is not recognised from its content; supported: " + Container.SUPPORTED);
    }
    return decodeAs(sniffed.container(), input, sniffed.offset(), maxSeconds, cancellation);
  }

  /**
   * As {@link #decode}, but streams the 16 kHz mono output to {@code out} block by block instead of returning it
   * (the result's samples are empty): memory stays that of the input and one block, whatever the duration.
   */
  public static DecodedSignal decodeTo(byte[] input, double maxSeconds, Cancellation cancellation,
                                       SampleConsumer out) {
    if (!(maxSeconds > 0)) {
      throw new IllegalArgumentException("maxSeconds must be positive, was " + maxSeconds);
    }
    if (input == null || input.length == 0) {
      throw new AudioFormatException(Kind.TRUNCATED, "the input is empty");
    }
    Sniffed sniffed = FormatSniffer.sniff(input);
    if (sniffed == null) {
      throw new AudioFormatException(Kind.UNSUPPORTED_FORMAT,
          "the audio format is not recognised from its content; supported: " + Container.SUPPORTED);
    }
    return decodeAs(sniffed.container(), input, sniffed.offset(), maxSeconds, cancellation, out);
  }

  /** Decodes {@code input[offset..]} as {@code container}, sniffed or not (the fuzz tests aim at one decoder). */
  static DecodedSignal decodeAs(Container container, byte[] input, int offset, double maxSeconds,
                                Cancellation cancellation) {
    return decodeAs(container, input, offset, maxSeconds, cancellation, null);
  }

  private static DecodedSignal decodeAs(Container container, byte[] input, int offset, double maxSeconds,
                                        Cancellation cancellation, SampleConsumer out) {
    MonoSink sink = new MonoSink(maxSeconds, cancellation, out);
    SourceFormat format;
    try {
      FormatDecoder decoder = decoderFor(container, maxSeconds);
      format = QuietStdout.run(() -> decoder.decode(input, offset, sink));
    } catch (AudioFormatException | AnalysisCancelledException | java.io.UncheckedIOException e) {
      throw e; // the last: a streaming caller's output failed (a full disk), not the input; no codec throws it
    } catch (Exception | StackOverflowError | AssertionError e) {
      // the libraries' checked exceptions and RuntimeExceptions alike; a recursion a crafted file drove too deep
      // (its stack is unwound by now); and Concentus's invariant checks, which throw AssertionError whether or not
      // assertions are enabled (Inlines.OpusAssert: found by fuzzing, a SILK frame whose filter overflows). Never
      // another Error: an OutOfMemoryError is a bug to fix, not input
      throw new AudioFormatException(Kind.CORRUPT, container.label + ": the file is truncated or corrupt ("
          + e.getClass().getSimpleName() + " in its decoder)");
    }
    if (container != Container.WAV && sink.seconds() == 0) {
      throw new AudioFormatException(Kind.CORRUPT, container.label + ": no audio could be decoded (the file is "
          + "truncated or corrupt)");
    }
    return new DecodedSignal(sink.finish(), format, sink.seconds(), sink.clippingRatio());
  }

  private static FormatDecoder decoderFor(Container container, double maxSeconds) {
    return switch (container) {
      case WAV -> new WavInput(maxSeconds);
      case FLAC -> new FlacDecoder();
      case MP3 -> new Mp3Decoder();
      case OGG -> new OggDecoder();
      case MATROSKA -> new MatroskaDecoder();
      case MP4 -> new Mp4Decoder();
    };
  }
}

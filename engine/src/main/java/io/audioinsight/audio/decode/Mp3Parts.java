package io.audioinsight.audio.decode;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import io.audioinsight.audio.Cancellation;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

/**
 * A long MP3 cut into parts that decode on separate threads to exactly the 16 kHz samples one decode gives, so a
 * job's decode uses every core rather than one (JLayer decodes a 16 kHz mono MP3 at about 1300x real time on one
 * core: six seconds for two hours, while the other core idles).
 *
 * <p>Why the parts agree with one decode, sample for sample:
 * <ul>
 *   <li>A layer III frame's main data starts at most 511 bytes before its header (the bit reservoir), and the
 *       decoder's other state (the hybrid filter bank's overlap, the synthesis window) is rewritten by every
 *       granule. A part therefore starts decoding {@link #PRIME_BYTES} and at least {@link #PRIME_FRAMES} frames
 *       before its first frame and drops what those frames decode.</li>
 *   <li>The resampler's output {@code j} sits at an exact integer position and reads a window of the input;
 *       each part starts its resampler at its first output ({@link StreamingResampler}), and decodes a few frames
 *       past its end for the window of its last output.</li>
 * </ul>
 * Parts are cut only inside a run of frames whose headers follow each other exactly and agree on version, layer,
 * rate, CRC and being mono or not; what follows the run (a damaged stretch, a tag) belongs to the last part, which
 * decodes to the end of the input as one decode does. A part checks what it can (every frame it owns decoded to a
 * whole frame of samples, and it produced exactly its outputs) and throws {@link Mismatch} otherwise: the caller
 * then decodes the file in one piece, which is always right. {@code Mp3PartsTest} compares the parts with one
 * decode on MPEG-1, -2 and -2.5 files, CBR and VBR, with and without a LAME tag, resampled or not.
 *
 * <p>Immutable; {@link #decode} may run for different parts on different threads at once.
 */
public final class Mp3Parts {

  /** Bytes of frames decoded and dropped before a part's first frame: twice the largest bit reservoir and more. */
  static final int PRIME_BYTES = 2_048;
  /** Frames decoded and dropped before a part's first frame, at least: the filter banks' state is a granule. */
  static final int PRIME_FRAMES = 4;
  /** The fewest frames a part owns, so that priming is a small part of its work. */
  static final int MIN_PART_FRAMES = 32;
  /**
   * Frame header bits that must agree along the run: sync, version, layer, CRC flag and rate; and whether the channel
   * mode is mono (JLayer syncs on the same, less layer and CRC flag; an encoder's Info frame says stereo before joint
   * stereo frames).
   */
  private static final int SAME_HEADER_BITS = 0xFFFF0C00;
  private static final int MONO_BITS = 0xC0;

  /** The part's frames or outputs are not those one decode gives; decode the file in one piece instead. */
  public static final class Mismatch extends RuntimeException {
    public Mismatch(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * What a part produced.
   *
   * @param outputs       16 kHz samples passed on (the planned count, for all but the last part)
   * @param sourceSamples for the last part: the whole signal's source-rate samples, after the decoder's delay
   *                      (the duration one decode reports, times the rate); otherwise the source samples the part
   *                      passed on, the frames past its end that its last outputs read included
   */
  public record Done(long outputs, long sourceSamples) {}

  private final byte[] input;
  private final int rate;
  private final int channels;
  private final int samplesPerFrame;
  /** Source-rate samples dropped from the start of the decoded stream ({@link Mp3Delay}). */
  private final int skip;
  /** Byte offset of every frame of the run, and its end. */
  private final int[] frameAt;
  /** Per part: the frame decoding starts at, its first own frame, and the frame decoding ends before (all parts
   *  but the last; the last decodes to the end of the input). */
  private final int[] primeFrom;
  private final int[] ownFrom;
  private final int[] decodeTo;
  /** Per part: its first 16 kHz output, and its first source sample (after the delay); one more entry for the
   *  first output after the second-to-last part. */
  private final long[] firstOutput;
  private final long[] firstInput;
  private final SourceFormat format;

  private Mp3Parts(byte[] input, MpegAudioHeader header, int skip, int[] frameAt, int[] ownFrom) {
    this.input = input;
    this.rate = header.sampleRate();
    this.channels = header.channels();
    this.samplesPerFrame = header.samplesPerFrame();
    this.skip = skip;
    this.frameAt = frameAt;
    this.format = new SourceFormat("mp3", header.codec(), rate, channels);
    int parts = ownFrom.length;
    this.ownFrom = ownFrom;
    this.primeFrom = new int[parts];
    this.decodeTo = new int[parts];
    this.firstOutput = new long[parts];
    this.firstInput = new long[parts];
    for (int k = 1; k < parts; k++) {
      firstInput[k] = (long) ownFrom[k] * samplesPerFrame - skip;
      firstOutput[k] = firstOutputAt(firstInput[k]);
      int p = ownFrom[k] - PRIME_FRAMES;
      while (p > 0 && frameAt[ownFrom[k]] - frameAt[p] < PRIME_BYTES) {
        p--;
      }
      primeFrom[k] = Math.max(0, p);
    }
    for (int k = 0; k + 1 < parts; k++) {
      // the frames that hold the window of the part's last output, and one more
      long lastInput = rate == AudioDecoder.RATE ? firstOutput[k + 1] - 1
          : StreamingResampler.windowEnd(firstOutput[k + 1] - 1, rate, AudioDecoder.RATE);
      decodeTo[k] = (int) Math.min(frameAt.length - 1, (lastInput + skip) / samplesPerFrame + 2);
    }
  }

  /** The first output whose window starts at or after source sample {@code s}. */
  private long firstOutputAt(long s) {
    if (rate == AudioDecoder.RATE) {
      return s;
    }
    long j = Math.max(0, (long) Math.floor((double) s * AudioDecoder.RATE / rate) - 2);
    while (StreamingResampler.windowStart(j, rate, AudioDecoder.RATE) < s) {
      j++;
    }
    return j;
  }

  /**
   * Parts of about {@code partSeconds} of an MP3 (layer III), or null when {@code input} is not one whose frames can
   * be cut (another format, free-format bitrate, frames that do not follow each other), or is too short for two
   * parts. Scans the frame headers only: fast.
   */
  public static Mp3Parts plan(byte[] input, double partSeconds) {
    if (FormatSniffer.sniff(input) == null || FormatSniffer.sniff(input).container() != Container.MP3) {
      return null;
    }
    int first = FormatSniffer.firstMpegFrame(input, FormatSniffer.id3v2End(input));
    MpegAudioHeader header = first < 0 ? null : MpegAudioHeader.at(input, first);
    if (header == null || header.layer() != 3) {
      return null;
    }
    int[] frameAt = run(input, first);
    int frames = frameAt.length - 1;
    int skip = Mp3Delay.samplesToSkip(input, first, header);
    long perPart = Math.max(MIN_PART_FRAMES, Math.round(partSeconds * header.sampleRate() / header.samplesPerFrame()));
    // the first part owns at least the frames the delay drops; the last at least one part's worth
    long firstCut = Math.max(perPart, skip / header.samplesPerFrame() + PRIME_FRAMES + 2);
    int parts = firstCut + perPart > frames ? 1 : (int) (1 + (frames - firstCut) / perPart);
    if (parts < 2) {
      return null;
    }
    int[] ownFrom = new int[parts];
    for (int k = 1; k < parts; k++) {
      ownFrom[k] = (int) (firstCut + (k - 1) * perPart);
    }
    return new Mp3Parts(input, header, skip, frameAt, ownFrom);
  }

  /** The offsets of the frames that follow each other from {@code first} with the same fixed header fields, and
   *  where the last of them ends. */
  private static int[] run(byte[] b, int first) {
    int[] at = new int[1024];
    int n = 0;
    int same = fixedBits(header32(b, first));
    int pos = first;
    while (true) {
      MpegAudioHeader h = MpegAudioHeader.at(b, pos);
      if (h == null || fixedBits(header32(b, pos)) != same || (long) pos + h.frameBytes() > b.length) {
        break;
      }
      if (n + 1 >= at.length) {
        at = Arrays.copyOf(at, at.length * 2);
      }
      at[n++] = pos;
      pos += h.frameBytes();
    }
    at[n++] = pos;
    return Arrays.copyOf(at, n);
  }

  private static int fixedBits(int header) {
    return header & SAME_HEADER_BITS | ((header & MONO_BITS) == MONO_BITS ? 1 : 0);
  }

  private static int header32(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }

  public int parts() {
    return ownFrom.length;
  }

  /** The 16 kHz output part {@code k} starts at: where its samples go in the whole signal. */
  public long firstOutput(int k) {
    return firstOutput[k];
  }

  /** What was decoded: the same as one decode reports. */
  public SourceFormat format() {
    return format;
  }

  /**
   * Seconds of audio in the run of frames the parts were cut from, after the decoder's delay: at most the whole
   * file's duration (whatever follows the run decodes to more), so a file whose run passes a limit passes it too.
   */
  public double runSeconds() {
    return ((long) (frameAt.length - 1) * samplesPerFrame - skip) / (double) rate;
  }

  /** The source rate, for turning {@link Done#sourceSamples} into seconds. */
  public int sampleRate() {
    return rate;
  }

  /**
   * Decodes part {@code k}, its 16 kHz mono samples to {@code out} in order (the first is output
   * {@link #firstOutput}{@code (k)} of the whole signal). Blocking, CPU-heavy.
   *
   * @param maxSeconds the whole signal's limit, as for {@link AudioDecoder#decodeTo}
   * @throws Mismatch             when this part cannot be shown to equal one decode's samples
   * @throws AudioFormatException as one decode would throw for the same frames (corrupt; too long)
   */
  public Done decode(int k, double maxSeconds, Cancellation cancellation, SampleConsumer out) {
    boolean last = k == parts() - 1;
    long wanted = last ? Long.MAX_VALUE : firstOutput[k + 1] - firstOutput[k];
    MonoSink sink = new MonoSink(maxSeconds, cancellation, out, firstOutput[k], firstInput[k], wanted);
    int from = frameAt[primeFrom[k]];
    int to = last ? input.length : frameAt[decodeTo[k]];
    try {
      QuietStdout.run(() -> {
        decodeFrames(k, last, from, to, sink);
        return null;
      });
    } catch (AudioFormatException | Mismatch | io.audioinsight.audio.AnalysisCancelledException
             | java.io.UncheckedIOException e) {
      throw e; // the last: the caller's output failed (a full disk), not the input
    } catch (Exception | StackOverflowError | AssertionError e) {
      // as AudioDecoder: whatever JLayer throws on damaged frames is a 400 naming the format
      throw new AudioFormatException(Kind.CORRUPT, Container.MP3.label + ": the file is truncated or corrupt ("
          + e.getClass().getSimpleName() + " in its decoder)");
    }
    if (last) {
      sink.finish();
      return new Done(sink.outputs(), firstInput[k] + sink.inputFrames());
    }
    if (sink.outputs() != wanted) {
      throw new Mismatch("part " + k + " produced " + sink.outputs() + " of its " + wanted + " samples");
    }
    return new Done(wanted, sink.inputFrames());
  }

  private void decodeFrames(int k, boolean last, int from, int to, MonoSink sink) throws Exception {
    Bitstream stream = new Bitstream(new ByteArrayInputStream(input, from, to - from));
    Decoder decoder = new Decoder();
    long wanted = last ? Long.MAX_VALUE : firstOutput[k + 1] - firstOutput[k];
    int frame = primeFrom[k];
    long decoded = (long) ownFrom[k] * samplesPerFrame; // decoded samples before the part's first own frame
    Header h;
    while ((h = stream.readFrame()) != null) {
      SampleBuffer pcm;
      try {
        pcm = (SampleBuffer) decoder.decodeFrame(h, stream);
      } catch (Exception | AssertionError e) {
        if (frame < ownFrom[k]) {
          throw new Mismatch("part " + k + ": priming frame " + frame + " does not decode");
        }
        throw e;
      }
      int nch = pcm.getChannelCount();
      int n = pcm.getBufferLength() / nch;
      if (frame >= ownFrom[k]) {
        if (!last && n != samplesPerFrame) {
          throw new Mismatch("part " + k + ": frame " + frame + " decoded to " + n + " samples");
        }
        sink.start(pcm.getSampleFrequency(), nch);
        long s = decoded - skip; // the frame's first source sample
        int drop = (int) Math.max(0, Math.min(n, firstInput[k] - s));
        if (n > drop) {
          sink.interleaved16(pcm.getBuffer(), drop * nch, n - drop, nch);
        }
        decoded += n;
      }
      stream.closeFrame();
      frame++;
      if (sink.outputs() >= wanted) {
        break;
      }
    }
  }
}

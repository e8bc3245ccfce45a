package io.audioinsight.audio.decode;

import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import net.sourceforge.jaad.aac.Decoder;
import net.sourceforge.jaad.aac.Receiver;
import net.sourceforge.jaad.mp4.MP4Container;
import net.sourceforge.jaad.mp4.api.AudioTrack;
import net.sourceforge.jaad.mp4.api.Frame;
import net.sourceforge.jaad.mp4.api.Track;
import net.sourceforge.jaad.mp4.od.DecoderSpecificInfo;

/**
 * MP4/M4A with an AAC track, through JAAD (the Tianscar fork in javasound-aac), over {@link ByteArrayMp4Stream}.
 *
 * <p>A frame JAAD throws on, once the stream has started, is replaced by a frame of silence, as players conceal a
 * bad frame; more than {@link #MAX_CONCEALED_FRAMES} plus 5 % of the frames so far is a corrupt file (400). JAAD
 * needs this on valid files too: it throws on one frame of a 10-minute ffmpeg encoding of speech
 * (ArrayIndexOutOfBoundsException in {@code ICStream.decodeSpectralData}, at 517.6 s).
 */
final class Mp4Decoder implements FormatDecoder {

  /** Bad frames always concealed, whatever the file's length. */
  static final int MAX_CONCEALED_FRAMES = 8;

  /** Every JAAD class that makes a java.util.logging logger (javasound-aac 0.9.8). */
  private static final List<String> JAAD_CLASSES_WITH_LOGGERS = List.of("aac.Decoder", "aac.syntax.ICSInfo",
      "aac.syntax.SCE", "aac.syntax.ByteArrayBitStream", "aac.syntax.CPE", "aac.syntax.SyntacticElements",
      "aac.syntax.ICStream", "aac.syntax.PCE", "aac.tools.TNS", "aac.tools.ICPrediction", "aac.tools.LTPrediction",
      "aac.sbr.SBR", "mp4.api.DecoderInfo", "mp4.api.Track", "mp4.boxes.Utils", "mp4.od.Descriptor");

  /**
   * JAAD logs a warning with a stack trace through java.util.logging for every bad frame, and a crafted file has
   * thousands; the service reports the failure itself. Its classes create their loggers (named {@code jaad.*}) as
   * they load and several set their own level, so they are loaded here first and then every JAAD logger is
   * turned off. Held in a field so that the settings are not collected with the loggers.
   */
  private static final List<Logger> SILENCED_JAAD_LOGGERS = silenceJaad();

  /**
   * JAAD's perceptual noise substitution draws its noise from one static generator ({@code ICStream.randomState})
   * shared by every decode in the JVM, so the same file decoded twice gave different samples (ffmpeg's AAC encoder
   * uses noise substitution by default). Each frame therefore starts from a seed of its own index, set and used
   * under one lock: the same file always decodes to the same samples, whatever runs beside it.
   */
  private static final Field NOISE_STATE = noiseStateField();
  private static final Object NOISE_STATE_LOCK = new Object();
  private static final int JAAD_INITIAL_NOISE_STATE = 523_124_044;

  @Override
  public SourceFormat decode(byte[] input, int offset, MonoSink sink) throws IOException {
    Mp4AudioBoxes boxes = Mp4AudioBoxes.of(input, offset);
    MP4Container container = new MP4Container(new ByteArrayMp4Stream(input, offset, boxes.freedTypeOffsets()));
    List<Track> tracks = container.getMovie().getTracks(AudioTrack.AudioCodec.AAC);
    if (tracks.isEmpty() && !container.getMovie().getTracks().isEmpty()) {
      throw new AudioFormatException(Kind.UNSUPPORTED_FORMAT, "MP4: no AAC audio track (only other codecs); "
          + "supported: " + Container.SUPPORTED);
    }
    if (tracks.isEmpty()) {
      throw new AudioFormatException(Kind.CORRUPT, "MP4: no tracks (the file is truncated or corrupt)");
    }
    AudioTrack track = (AudioTrack) tracks.get(0);
    DecoderSpecificInfo config = track.getDecoderSpecificInfo();
    if (config == null) {
      throw new AudioFormatException(Kind.CORRUPT, "MP4: the AAC track has no decoder configuration");
    }
    Decoder decoder = Decoder.create(config.getData());
    ToSink receiver = new ToSink(sink, boxes.primingSeconds());
    int frames = 0;
    int concealed = 0;
    while (track.hasMoreFrames()) {
      Frame frame = track.readNextFrame();
      if (frame == null) {
        break;
      }
      frames++;
      try {
        decodeWithFrameSeed(decoder, frame.getData(), receiver, frames);
      } catch (AudioFormatException | AnalysisCancelledException e) {
        throw e;
      } catch (RuntimeException e) {
        if (!sink.started() || ++concealed > MAX_CONCEALED_FRAMES + frames / 20) {
          throw e;
        }
        receiver.silenceForOneFrame();
      }
    }
    if (!sink.started()) {
      throw new AudioFormatException(Kind.CORRUPT, "MP4: the AAC track has no frames");
    }
    return new SourceFormat("mp4", "aac", sink.rate(), sink.channels());
  }

  private static void decodeWithFrameSeed(Decoder decoder, byte[] frame, ToSink receiver, int index) {
    if (NOISE_STATE == null) {
      decoder.decodeFrame(frame, receiver);
      return;
    }
    synchronized (NOISE_STATE_LOCK) {
      try {
        NOISE_STATE.setInt(null, JAAD_INITIAL_NOISE_STATE ^ index * 0x9E37_79B9);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e); // setAccessible succeeded at class initialisation
      }
      decoder.decodeFrame(frame, receiver);
    }
  }

  private static Field noiseStateField() {
    try {
      Field f = Class.forName("net.sourceforge.jaad.aac.syntax.ICStream").getDeclaredField("randomState");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // another JAAD build: decodes still work, only noise-filled bands may differ between runs
    }
  }

  private static List<Logger> silenceJaad() {
    for (String name : JAAD_CLASSES_WITH_LOGGERS) {
      try {
        Class.forName("net.sourceforge.jaad." + name, true, Mp4Decoder.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        // a later JAAD without this class: nothing to silence there
      }
    }
    List<Logger> loggers = new ArrayList<>();
    for (String name : Collections.list(LogManager.getLogManager().getLoggerNames())) {
      if (name.startsWith("jaad") || name.startsWith("net.sourceforge.jaad")) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.OFF);
        loggers.add(logger);
      }
    }
    Logger root = Logger.getLogger("jaad");
    root.setLevel(Level.OFF);
    loggers.add(root);
    return List.copyOf(loggers);
  }

  /** JAAD's planar output (16-bit scale floats, one list entry per channel) into the sink. */
  private static final class ToSink implements Receiver {
    private final MonoSink sink;
    private float[][] planes = new float[0][];
    private float[][] silence = new float[0][];
    /** Samples per channel in the last decoded frame: 1024 for AAC-LC, 2048 with SBR. */
    private int frameLength;
    /** The encoder's priming, to drop from the start once the rate is known; NaN after that. */
    private double primingSeconds;
    private long primingSamplesLeft;

    /** A concealed frame: as many samples of silence as the last good frame had. */
    void silenceForOneFrame() {
      int n = frameLength;
      if (silence.length != sink.channels() || silence[0].length < n) {
        silence = new float[sink.channels()][n];
      }
      sink.planar(silence, silence.length, 0, n, 1f);
    }

    ToSink(MonoSink sink, double primingSeconds) {
      this.sink = sink;
      this.primingSeconds = primingSeconds;
    }

    @Override
    public void accept(List<float[]> channels, int length, int rate) {
      int n = channels.size();
      sink.start(rate, n);
      frameLength = length;
      if (!Double.isNaN(primingSeconds)) {
        primingSamplesLeft = Math.round(primingSeconds * sink.rate());
        primingSeconds = Double.NaN;
      }
      int skip = (int) Math.min(primingSamplesLeft, length);
      primingSamplesLeft -= skip;
      if (planes.length != n) {
        planes = new float[n][];
      }
      for (int c = 0; c < n; c++) {
        planes[c] = channels.get(c);
      }
      sink.planar(planes, n, skip, length - skip, 1f / 32768f);
    }
  }
}

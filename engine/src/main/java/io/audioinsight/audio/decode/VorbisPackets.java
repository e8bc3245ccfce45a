package io.audioinsight.audio.decode;

import com.jcraft.jogg.Packet;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;

/** Vorbis packets (from Ogg or Matroska) through JOrbis, into the sink: three header packets, then audio. */
final class VorbisPackets {

  private static final int MAX_CHANNELS = 8;

  private final Info info = new Info();
  private final Comment comment = new Comment();
  private final DspState dsp = new DspState();
  private final Block block = new Block(dsp);
  private final Packet packet = new Packet();
  private final float[][][] pcm = new float[1][][];
  private final String where;
  private int[] index;
  private int headers;

  VorbisPackets(String where) {
    this.where = where;
    info.init();
    comment.init();
  }

  /** One of the three header packets (identification, comment, setup), in order. */
  void header(byte[] b, int off, int len) {
    if (headers == 1) {
      VorbisCommentLimits.check(b, off, len, where);
    } else if (headers == 2) {
      VorbisSetupLimits.checkCodebooks(b, off, len, where);
    }
    set(b, off, len);
    packet.b_o_s = headers == 0 ? 1 : 0;
    packet.packetno = headers;
    if (info.synthesis_headerin(comment, packet) < 0) {
      throw new AudioFormatException(Kind.CORRUPT, where + ": Vorbis header packet " + (headers + 1)
          + " of 3 is not valid");
    }
    headers++;
  }

  /** After the three headers: starts the sink at the stream's rate and channels. */
  void start(MonoSink sink) {
    if (headers != 3) {
      throw new AudioFormatException(Kind.CORRUPT, where + ": the stream ends inside the Vorbis headers");
    }
    if (info.channels < 1 || info.channels > MAX_CHANNELS) {
      throw new AudioFormatException(Kind.UNSUPPORTED_ENCODING, where + ": Vorbis with " + info.channels
          + " channels");
    }
    VorbisSetupLimits.check(info, where);
    sink.start(info.rate, info.channels);
    dsp.synthesis_init(info);
    block.init(dsp);
    index = new int[info.channels];
  }

  void packet(byte[] b, int off, int len, MonoSink sink) {
    set(b, off, len);
    packet.packetno++;
    if (block.synthesis(packet) == 0) {
      dsp.synthesis_blockin(block);
    }
    int n;
    while ((n = dsp.synthesis_pcmout(pcm, index)) > 0) {
      int channels = info.channels;
      int at = index[0];
      for (int c = 1; c < channels; c++) {
        if (index[c] != at) {
          throw new AudioFormatException(Kind.CORRUPT, where + ": Vorbis channels out of step");
        }
      }
      sink.planar(pcm[0], channels, at, n, 1f);
      dsp.synthesis_read(n);
    }
  }

  private void set(byte[] b, int off, int len) {
    packet.packet_base = b;
    packet.packet = off;
    packet.bytes = len;
    packet.b_o_s = 0;
    packet.e_o_s = 0;
    packet.granulepos = -1;
  }
}

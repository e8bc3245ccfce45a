package io.audioinsight.audio.decode;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * Ogg (through JOgg) carrying Opus or Vorbis, told apart by the first packet. Only the first logical stream is
 * read (a chained or multiplexed file's others are ignored). Pages with a bad checksum are dropped by JOgg, and
 * the packets they held are skipped, as libvorbisfile does.
 */
final class OggDecoder implements FormatDecoder {

  private static final int READ_BYTES = 8_192;

  @Override
  public SourceFormat decode(byte[] input, int offset, MonoSink sink) throws OpusException {
    Packets packets = new Packets(input, offset);
    Packet p = packets.next();
    if (p == null) {
      throw new AudioFormatException(Kind.CORRUPT, "Ogg: no complete packet (truncated or corrupt pages)");
    }
    if (p.b_o_s == 0) {
      throw new AudioFormatException(Kind.CORRUPT, "Ogg: the first page is missing or damaged");
    }
    if (FormatSniffer.startsWith(bytesOf(p), 0, "OpusHead")) {
      OpusPackets opus = new OpusPackets(p.packet_base, p.packet, p.bytes, "Ogg", sink);
      if (packets.next() == null) {
        throw new AudioFormatException(Kind.CORRUPT, "Ogg: the stream ends before the OpusTags header");
      }
      while ((p = packets.next()) != null) {
        opus.packet(p.packet_base, p.packet, p.bytes, p.e_o_s != 0 ? p.granulepos : -1);
      }
      return new SourceFormat("ogg", "opus", sink.rate(), sink.channels());
    }
    if (p.bytes >= 7 && p.packet_base[p.packet] == 1 && FormatSniffer.startsWith(bytesOf(p), 1, "vorbis")) {
      VorbisPackets vorbis = new VorbisPackets("Ogg");
      vorbis.header(p.packet_base, p.packet, p.bytes);
      for (int i = 0; i < 2 && (p = packets.next()) != null; i++) {
        vorbis.header(p.packet_base, p.packet, p.bytes);
      }
      vorbis.start(sink);
      while ((p = packets.next()) != null) {
        vorbis.packet(p.packet_base, p.packet, p.bytes, sink);
      }
      return new SourceFormat("ogg", "vorbis", sink.rate(), sink.channels());
    }
    throw new AudioFormatException(Kind.UNSUPPORTED_FORMAT,
        "Ogg: the first stream is neither Opus nor Vorbis; supported: " + Container.SUPPORTED);
  }

  /** The first packet's first bytes, enough for the magic checks. */
  private static byte[] bytesOf(Packet p) {
    byte[] b = new byte[Math.min(p.bytes, 8)];
    System.arraycopy(p.packet_base, p.packet, b, 0, b.length);
    return b;
  }

  /** The packets of the first logical stream, in order. The returned Packet is reused by the next call. */
  private static final class Packets {
    private final byte[] data;
    private int pos;
    private final SyncState sync = new SyncState();
    private final StreamState stream = new StreamState();
    private final Page page = new Page();
    private final Packet packet = new Packet();
    private int serial;
    private boolean started;

    Packets(byte[] data, int offset) {
      this.data = data;
      this.pos = offset;
      sync.init();
    }

    Packet next() {
      while (true) {
        if (started && stream.packetout(packet) == 1) {
          return packet; // -1 means a gap (a lost page): go on with the next packet
        }
        int result = sync.pageout(page);
        if (result == 1) {
          if (!started) {
            serial = page.serialno();
            stream.init(serial);
            started = true;
          }
          if (page.serialno() == serial) {
            stream.pagein(page);
          }
        } else if (result == 0) {
          if (pos >= data.length) {
            return null;
          }
          int n = Math.min(READ_BYTES, data.length - pos);
          int at = sync.buffer(n);
          System.arraycopy(data, pos, sync.data, at, n);
          sync.wrote(n);
          pos += n;
        }
        // result -1: JOgg skipped bytes to find the next page
      }
    }
  }
}

package io.audioinsight.audio.decode;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import io.audioinsight.audio.decode.DecodedAudio.Encoding;

/**
 * A validated fmt chunk: every field is in range and consistent, so decoding can trust it.
 *
 * @param blockAlign bytes per frame, always {@code channels * bitsPerSample / 8}
 */
record WavFormat(Encoding encoding, int channels, int sampleRate, int bitsPerSample, int blockAlign) {

  static final int MIN_RATE = 8_000;
  static final int MAX_RATE = 192_000;
  static final int MAX_CHANNELS = 32;

  static final int TAG_PCM = 0x0001;
  static final int TAG_IEEE_FLOAT = 0x0003;
  static final int TAG_A_LAW = 0x0006;
  static final int TAG_MU_LAW = 0x0007;
  static final int TAG_EXTENSIBLE = 0xFFFE;

  /** The 14 bytes after the format tag in every standard KSDATAFORMAT_SUBTYPE_* GUID (…-0000-0010-8000-00AA00389B71). */
  private static final byte[] GUID_TAIL = {
    0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
  };

  /**
   * Reads the fmt chunk body at {@code off} with declared {@code size}; the caller has checked that 16 bytes are
   * present.
   */
  static WavFormat parse(byte[] b, int off, long size) {
    int tag = Bytes.u16(b, off);
    int channels = Bytes.u16(b, off + 2);
    long rate = Bytes.u32(b, off + 4);
    int blockAlign = Bytes.u16(b, off + 12);
    int bits = Bytes.u16(b, off + 14);
    boolean extensible = tag == TAG_EXTENSIBLE;
    if (extensible) {
      if (size < 40) {
        throw new AudioFormatException(Kind.INVALID_FORMAT,
            "WAVE_FORMAT_EXTENSIBLE fmt chunk is " + size + " bytes; it needs 40");
      }
      if ((long) off + 40 > b.length) {
        throw new AudioFormatException(Kind.TRUNCATED, "the file ends inside the WAVE_FORMAT_EXTENSIBLE fmt chunk");
      }
      for (int i = 0; i < GUID_TAIL.length; i++) {
        if (b[off + 26 + i] != GUID_TAIL[i]) {
          throw new AudioFormatException(Kind.UNSUPPORTED_ENCODING,
              "WAVE_FORMAT_EXTENSIBLE with a subformat GUID that is not a standard WAVE format");
        }
      }
      tag = Bytes.u16(b, off + 24);
    }
    Encoding encoding = encodingOf(tag, extensible);
    if (channels == 0) {
      throw new AudioFormatException(Kind.INVALID_FORMAT, "the fmt chunk declares zero channels");
    }
    if (channels > MAX_CHANNELS) {
      throw new AudioFormatException(Kind.INVALID_FORMAT,
          "the fmt chunk declares " + channels + " channels; at most " + MAX_CHANNELS + " are supported");
    }
    if (rate == 0) {
      throw new AudioFormatException(Kind.INVALID_FORMAT, "the fmt chunk declares a sample rate of 0 Hz");
    }
    if (rate < MIN_RATE || rate > MAX_RATE) {
      throw new AudioFormatException(Kind.INVALID_FORMAT,
          "sample rate " + rate + " Hz is outside the supported " + MIN_RATE + ".." + MAX_RATE + " Hz");
    }
    if (bits == 0) {
      throw new AudioFormatException(Kind.INVALID_FORMAT, "the fmt chunk declares 0 bits per sample");
    }
    if (!bitsSupported(encoding, bits)) {
      throw new AudioFormatException(Kind.UNSUPPORTED_ENCODING,
          describe(encoding) + " with " + bits + " bits per sample is not supported (supported: "
              + supportedBits(encoding) + ")");
    }
    int expectedAlign = channels * (bits / 8);
    if (blockAlign != expectedAlign) {
      throw new AudioFormatException(Kind.INVALID_FORMAT,
          "block align " + blockAlign + " does not match " + channels + " channels x " + (bits / 8)
              + " bytes per sample (= " + expectedAlign + ")");
    }
    return new WavFormat(encoding, channels, (int) rate, bits, blockAlign);
  }

  private static Encoding encodingOf(int tag, boolean extensible) {
    switch (tag) {
      case TAG_PCM:
        return Encoding.PCM;
      case TAG_IEEE_FLOAT:
        return Encoding.IEEE_FLOAT;
      case TAG_A_LAW:
        return Encoding.A_LAW;
      case TAG_MU_LAW:
        return Encoding.MU_LAW;
      default:
        throw new AudioFormatException(Kind.UNSUPPORTED_ENCODING,
            "WAV encoding " + tagName(tag) + (extensible ? " inside WAVE_FORMAT_EXTENSIBLE" : "")
                + " is not supported (supported: PCM, IEEE float, mu-law, A-law)");
    }
  }

  /** A human name for a WAVE format tag, with the tag in hex, e.g. "ADPCM (0x0002)". */
  static String tagName(int tag) {
    String name;
    switch (tag) {
      case 0x0000: name = "unknown"; break;
      case 0x0002: name = "ADPCM"; break;
      case 0x0010: name = "OKI ADPCM"; break;
      case 0x0011: name = "IMA ADPCM"; break;
      case 0x0014: name = "G.723 ADPCM"; break;
      case 0x0031: name = "GSM 6.10"; break;
      case 0x0040: name = "G.721 ADPCM"; break;
      case 0x0045: name = "G.726 ADPCM"; break;
      case 0x0050: name = "MPEG"; break;
      case 0x0055: name = "MP3"; break;
      case 0x0092: name = "Dolby AC-3 SPDIF"; break;
      case 0x0161: name = "WMA"; break;
      case 0x0162: name = "WMA Pro"; break;
      case 0x0163: name = "WMA Lossless"; break;
      case 0x00FF: name = "AAC"; break;
      case 0x1610: name = "MPEG-4 AAC"; break;
      case 0x2000: name = "AC-3"; break;
      case 0x674F: name = "Ogg Vorbis"; break;
      case 0xF1AC: name = "FLAC"; break;
      case TAG_EXTENSIBLE: name = "nested WAVE_FORMAT_EXTENSIBLE"; break;
      default: name = "format tag"; break;
    }
    return name + String.format(" (0x%04X)", tag);
  }

  private static boolean bitsSupported(Encoding encoding, int bits) {
    switch (encoding) {
      case PCM:
        return bits == 8 || bits == 16 || bits == 24 || bits == 32;
      case IEEE_FLOAT:
        return bits == 32 || bits == 64;
      default:
        return bits == 8;
    }
  }

  private static String supportedBits(Encoding encoding) {
    switch (encoding) {
      case PCM:
        return "8, 16, 24, 32";
      case IEEE_FLOAT:
        return "32, 64";
      default:
        return "8";
    }
  }

  private static String describe(Encoding encoding) {
    switch (encoding) {
      case PCM:
        return "PCM";
      case IEEE_FLOAT:
        return "IEEE float";
      case MU_LAW:
        return "mu-law";
      default:
        return "A-law";
    }
  }
}

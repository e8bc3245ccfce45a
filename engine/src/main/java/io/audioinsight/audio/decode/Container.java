package io.audioinsight.audio.decode;

/** The containers the sniffer recognises, each with the decoder that reads it and its name for messages. */
enum Container {
  WAV("WAV"),
  FLAC("FLAC"),
  MP3("MP3"),
  OGG("Ogg"),
  MATROSKA("WebM/Matroska"),
  MP4("MP4/M4A");

  /** For 415 details: every format a client may send. */
  static final String SUPPORTED = "WAV (PCM, float, G.711), FLAC, MP3, Ogg Vorbis, Ogg Opus, WebM/Matroska "
      + "(Opus or Vorbis), MP4/M4A (AAC)";

  final String label;

  Container(String label) {
    this.label = label;
  }
}

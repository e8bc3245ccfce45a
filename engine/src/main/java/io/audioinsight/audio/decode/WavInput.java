package io.audioinsight.audio.decode;

/** WAV through {@link WavDecoder} (which checks the duration limit from the byte count before it allocates). */
final class WavInput implements FormatDecoder {

  private final double maxSeconds;

  WavInput(double maxSeconds) {
    this.maxSeconds = maxSeconds;
  }

  @Override
  public SourceFormat decode(byte[] input, int offset, MonoSink sink) {
    DecodedAudio wav = WavDecoder.decode(input, maxSeconds);
    sink.start(wav.sampleRate(), wav.channels());
    sink.whole(wav.samples());
    return new SourceFormat("wav", codecName(wav), wav.sampleRate(), wav.channels());
  }

  /** ffmpeg's name for the sample coding: pcm_s16le, pcm_u8, pcm_f32le, pcm_mulaw, ... */
  static String codecName(DecodedAudio wav) {
    return switch (wav.encoding()) {
      case PCM -> wav.bitsPerSample() == 8 ? "pcm_u8" : "pcm_s" + wav.bitsPerSample() + "le";
      case IEEE_FLOAT -> "pcm_f" + wav.bitsPerSample() + "le";
      case MU_LAW -> "pcm_mulaw";
      case A_LAW -> "pcm_alaw";
    };
  }
}

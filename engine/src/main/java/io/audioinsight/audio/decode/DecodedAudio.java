package io.audioinsight.audio.decode;

/**
 * A decoded WAV file, mixed down to mono.
 *
 * @param samples mono samples at {@code sampleRate} (the average of all channels): in [-1, 1] from integer PCM and
 *                G.711, within {@link MonoSink#MAX_LEVEL} from float files (NaN counts as 0)
 * @param sampleRate the file's sample rate in Hz (8000..192000)
 * @param channels the file's channel count before mixing (1..32)
 * @param bitsPerSample the container size of one sample in bits (8, 16, 24, 32 or 64)
 * @param encoding how the samples were stored
 * @param durationSeconds {@code samples.length / sampleRate}: what was actually decoded
 */
public record DecodedAudio(
    float[] samples, int sampleRate, int channels, int bitsPerSample, Encoding encoding, double durationSeconds) {

  /** The sample encodings the decoder reads. */
  public enum Encoding {
    /** Integer PCM: 8-bit unsigned, 16/24/32-bit signed little-endian. */
    PCM,
    /** IEEE 754 float, 32 or 64 bits. */
    IEEE_FLOAT,
    /** G.711 mu-law, 8 bits. */
    MU_LAW,
    /** G.711 A-law, 8 bits. */
    A_LAW
  }
}

package io.audioinsight.audio.decode;

/**
 * Any supported input, decoded and mixed to mono at the engine's one rate.
 *
 * @param samples mono samples in about [-1, 1] at {@link AudioDecoder#RATE} Hz
 * @param format what the input was
 * @param durationSeconds the duration of what was decoded, at the source rate (for WAV, frames / rate exactly)
 * @param clippingRatio the fraction of the source-rate mono samples at full scale (before resampling, which
 *                      would smear a clipped plateau)
 */
public record DecodedSignal(float[] samples, SourceFormat format, double durationSeconds, double clippingRatio) {}

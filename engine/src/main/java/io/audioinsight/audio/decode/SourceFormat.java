package io.audioinsight.audio.decode;

/**
 * What the input was, as the sniffer and the codec found it, before the mix to mono and the resampling to 16 kHz.
 *
 * @param container the file format: {@code wav}, {@code flac}, {@code mp3}, {@code ogg}, {@code webm},
 *     {@code matroska} or {@code mp4}
 * @param codec the audio coding inside it: {@code pcm_s16le} and the other ffmpeg PCM names for WAV, else
 *     {@code flac}, {@code mp3} (or {@code mp2}, {@code mp1}), {@code vorbis}, {@code opus} or {@code aac}
 * @param sampleRate the stream's own rate in Hz (Opus: 48000, the rate it decodes at)
 * @param channels the stream's own channel count
 */
public record SourceFormat(String container, String codec, int sampleRate, int channels) {}

/**
 * The audio engine: decode, resample, spectrogram, voice activity, SNR and speakers.
 *
 * <p>Plain Java with no Vert.x types and no shared mutable state, so any thread may call it.
 * Deterministic, and cancellable between blocks of frames through {@link io.audioinsight.audio.Cancellation}.
 */
package io.audioinsight.audio;

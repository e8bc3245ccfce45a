package io.audioinsight.audio;

/** How long one speaker talks in total, in seconds of speech (pauses not included). */
public record SpeakerTime(int speaker, double seconds) {}

package io.audioinsight.audio;

/** A stretch of time in seconds where one speaker talks; speakers are numbered from 1 in order of first appearance. */
public record SpeakerSegment(double start, double end, int speaker) {}

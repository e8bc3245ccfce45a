package io.audioinsight.config;

/** The voice activity engine and the defaults of the per-request VAD parameters. */
public record VadConfig(String engine, int hopSize, double threshold) {}

package io.audioinsight.inference;

import io.audioinsight.audio.AnalysisResult;

/** The engine's result plus the service's timing: time waiting for a pool thread, and time on it. */
public record InferenceResult(AnalysisResult result, double queuedMs, double inferenceMs) {}

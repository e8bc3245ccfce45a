package io.audioinsight.config;

/** Blocked-thread checker settings, all in milliseconds. */
public record VertxConfig(long maxEventLoopExecuteTimeMs, long blockedThreadCheckIntervalMs, long warningExceptionTimeMs) {}

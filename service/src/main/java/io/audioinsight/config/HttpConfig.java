package io.audioinsight.config;

/** The HTTP API: where it listens, how many verticle instances serve it, and the body limit. */
public record HttpConfig(int port, int instances, long maxBodyBytes) {}

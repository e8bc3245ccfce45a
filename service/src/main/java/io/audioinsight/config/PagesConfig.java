package io.audioinsight.config;

/**
 * The pages for people rather than programs: the interactive API docs at {@code /docs} and the playground at
 * {@code /}. The contract itself ({@code /openapi.json}, {@code /openapi.yaml}) is always served.
 */
public record PagesConfig(boolean docsEnabled, boolean playgroundEnabled) {}

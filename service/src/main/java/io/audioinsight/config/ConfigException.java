package io.audioinsight.config;

/** A configuration value that is missing, malformed or out of range; the message is one line naming the key. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message, null, false, false);
  }
}

package io.audioinsight.audio.silero;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of model bytes, so a corrupted or substituted model is refused before ONNX Runtime parses it. */
public final class ModelChecksum {

  private ModelChecksum() {}

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Throws {@link SileroModelUnavailableException} unless {@code bytes} hash to {@code expectedSha256};
   * {@code origin} names where the bytes came from, for the message.
   */
  public static void verify(byte[] bytes, String expectedSha256, String origin) {
    String actual = sha256Hex(bytes);
    if (!actual.equalsIgnoreCase(expectedSha256)) {
      throw new SileroModelUnavailableException(
          "Silero VAD model " + origin + " failed its checksum (sha256 " + actual + ", expected " + expectedSha256
              + "): the file is corrupted or not the pinned model. " + SileroModelUnavailableException.HOW_TO_GET);
    }
  }
}

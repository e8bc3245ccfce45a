package io.audioinsight.http;

import java.util.Locale;

/** The three input forms, chosen by Content-Type. */
enum InputForm {
  RAW_WAV, JSON, MULTIPART;

  static final String ACCEPTED = "audio/wav, audio/x-wav, audio/wave, application/octet-stream, application/json "
      + "or multipart/form-data";

  /** The form for a Content-Type header (parameters such as charset or boundary ignored), or null if unsupported. */
  static InputForm of(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return switch (type) {
      case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "application/octet-stream" -> RAW_WAV;
      case "application/json" -> JSON;
      case "multipart/form-data" -> MULTIPART;
      default -> null;
    };
  }
}

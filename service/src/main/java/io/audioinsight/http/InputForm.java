package io.audioinsight.http;

import java.util.Locale;

/**
 * The three input forms, chosen by Content-Type. A raw body may be labelled with any audio type (or as a video
 * container or plain bytes): the engine sniffs the real format from the content, so the label only picks the form.
 */
enum InputForm {
  RAW_AUDIO, JSON, MULTIPART;

  static final String ACCEPTED = "audio/* (any audio type), application/octet-stream, application/ogg, video/webm, "
      + "video/mp4, application/json or multipart/form-data";

  /** The form for a Content-Type header (parameters such as charset or boundary ignored), or null if unsupported. */
  static InputForm of(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    if (type.startsWith("audio/") && type.length() > "audio/".length()) {
      return RAW_AUDIO;
    }
    return switch (type) {
      case "application/octet-stream", "application/ogg", "video/webm", "video/mp4", "video/ogg",
           "video/x-matroska" -> RAW_AUDIO;
      case "application/json" -> JSON;
      case "multipart/form-data" -> MULTIPART;
      default -> null;
    };
  }
}
